/** Shared helpers for the emulator tests: a running emulator, web chats, real SDK clients, waits. */
import WebSocket from 'ws';
import twilio from 'twilio';
import { Client, type Conversation } from '@twilio/conversations';
import { mintAccessToken, startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import type { EmulatorOptions } from '../../emulator/index.ts';
import { EmulatorControl } from '../../emulator/control-client.ts';
import { WAIT_MS, waitFor } from '../../scripts/harness/wait.ts';

// Node 20 has no global WebSocket; the SDK (twilsock) uses the global one, as in a browser.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ autoAgent: false, ...options });
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function apiKeyAuth(emu: RunningEmulator): string {
  return basicAuth(emu.credentials.apiKeySid, emu.credentials.apiKeySecret);
}

export async function createWebChat(
  emu: RunningEmulator,
  fields: Record<string, string> = {},
): Promise<{ conversationSid: string; identity: string }> {
  const response = await fetch(`${emu.url}/flex-api/v2/WebChats`, {
    method: 'POST',
    headers: { Authorization: apiKeyAuth(emu), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ AddressSid: emu.credentials.flexAddressSid, CustomerFriendlyName: 'Ann', ...fields }),
  });
  if (response.status !== 201) throw new Error(`WebChats answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { conversation_sid: string; identity: string };
  return { conversationSid: body.conversation_sid, identity: body.identity };
}

export async function postRestMessage(
  emu: RunningEmulator,
  conversationSid: string,
  fields: Record<string, string>,
  webhooks: boolean,
): Promise<Response> {
  return fetch(`${emu.url}/conversations/v1/Conversations/${conversationSid}/Messages`, {
    method: 'POST',
    headers: {
      Authorization: apiKeyAuth(emu),
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Webhook-Enabled': String(webhooks),
    },
    body: new URLSearchParams(fields),
  });
}

/** The emulator's control API through the one client (emulator/control-client.ts). */
export function flexOf(emu: RunningEmulator): EmulatorControl {
  return new EmulatorControl(emu.url);
}

/** A raw call, status and body as they are: for the control API's own tests of statuses and error shapes. */
export async function control<T = unknown>(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${emu.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export function tokenFor(emu: RunningEmulator, identity: string, ttlSeconds = 3600): string {
  return mintAccessToken(emu.credentials, identity, { ttlSeconds });
}

/** A real SDK client, initialised. */
export async function connect(
  emu: RunningEmulator,
  identity: string,
  token = tokenFor(emu, identity),
): Promise<Client> {
  const client = new Client(token, { Twilsock: { uri: emu.twilsockUrl } });
  await new Promise<void>((resolve, reject) => {
    client.once('initialized', () => resolve());
    client.once('initFailed', ({ error }) => reject(new Error(`initFailed: ${error?.message}`)));
  });
  return client;
}

/** Opens a conversation and waits until its messages and participants are subscribed. */
export async function open(client: Client, conversationSid: string): Promise<Conversation> {
  const conversation = await client.getConversationBySid(conversationSid);
  await conversation.getMessages(1);
  await conversation.getParticipants();
  return conversation;
}

/** Resolves with the arguments of the first event that passes the test. */
export function nextEvent<T = unknown>(
  emitter: {
    on(event: string, listener: (arg: T) => void): unknown;
    off(event: string, listener: (arg: T) => void): unknown;
  },
  event: string,
  test: (arg: T) => boolean = () => true,
  timeoutMs = 15000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out waiting for "${event}"`));
    }, timeoutMs);
    const listener = (arg: T) => {
      if (!test(arg)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(arg);
    };
    emitter.on(event, listener);
  });
}

/** scripts/harness/wait.ts's `waitFor`, condition first, for a true/false condition. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<void> {
  await waitFor(what, condition, timeoutMs);
}

/** The `twilio` library with Twilio's hosts mapped onto the emulator (links the emulator gives are followed as they are). */
export function libraryClient(emu: RunningEmulator) {
  const hosts: Record<string, string> = {
    'conversations.twilio.com': '/conversations',
    'flex-api.twilio.com': '/flex-api',
  };
  const real = new twilio.RequestClient();
  type RequestOptions = Parameters<typeof real.request>[0];
  const httpClient = {
    request(options: RequestOptions) {
      const uri = new URL(options.uri);
      const prefix = hosts[uri.hostname];
      return real.request({
        ...options,
        uri: prefix === undefined ? options.uri : `${emu.url}${prefix}${uri.pathname}${uri.search}`,
      });
    },
  };
  return twilio(emu.credentials.apiKeySid, emu.credentials.apiKeySecret, {
    accountSid: emu.credentials.accountSid,
    httpClient,
  } as unknown as twilio.ClientOpts);
}
