/**
 * End-to-end helpers: the emulator's control API (act as the agent, inspect what Flex holds,
 * inject faults), condition polling, and the visitor's steps in the widget on the demo host page.
 */
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import type { Stack } from '../../support/stack.ts';

export interface EmulatorMedia {
  sid: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export interface EmulatorMessage {
  index: number;
  sid: string;
  author: string;
  body: string | null;
  attributes: Record<string, unknown> | string | null;
  media: EmulatorMedia[];
}

export interface EmulatorParticipant {
  identity: string;
  friendlyName: string | null;
  role: string;
  lastReadMessageIndex: number | null;
}

export interface EmulatorConversation {
  sid: string;
  state: 'active' | 'inactive' | 'closed';
  attributes: Record<string, unknown>;
  participants: EmulatorParticipant[];
  messageCount: number;
  waitingForAgent: boolean;
  messages: EmulatorMessage[];
}

export type ConversationSummary = Omit<EmulatorConversation, 'messages'>;

/** The emulator's control API (docs/emulator.md), as the agent and the test see Flex. */
export class EmulatorControl {
  constructor(readonly url: string) {}

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/emulator${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /emulator${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  conversations(): Promise<ConversationSummary[]> {
    return this.call('GET', '/conversations');
  }
  conversation(sid: string): Promise<EmulatorConversation> {
    return this.call('GET', `/conversations/${sid}`);
  }
  /** The only conversation there is (fails when there are none or several). */
  async onlyConversation(): Promise<EmulatorConversation> {
    const all = await this.conversations();
    if (all.length !== 1) throw new Error(`expected one conversation, found ${all.length}`);
    return this.conversation(all[0]!.sid);
  }
  agentJoins(sid: string, agent: { identity?: string; friendlyName?: string } = {}): Promise<unknown> {
    return this.call('POST', `/conversations/${sid}/agent`, agent);
  }
  agentSays(sid: string, body: string, media?: { filename: string; contentType: string; bytes: Buffer }, author = 'agent.alex'): Promise<unknown> {
    const payload: Record<string, unknown> = { author, body };
    if (media) payload.media = { filename: media.filename, contentType: media.contentType, base64: media.bytes.toString('base64') };
    return this.call('POST', `/conversations/${sid}/messages`, payload);
  }
  agentTypes(sid: string, identity = 'agent.alex'): Promise<unknown> {
    return this.call('POST', `/conversations/${sid}/typing`, { identity });
  }
  agentReads(sid: string, identity = 'agent.alex'): Promise<unknown> {
    return this.call('POST', `/conversations/${sid}/read`, { identity });
  }
  setState(sid: string, state: 'active' | 'inactive' | 'closed'): Promise<unknown> {
    return this.call('POST', `/conversations/${sid}/state`, { state });
  }
  faults(rules: Record<string, unknown>): Promise<unknown> {
    return this.call('POST', '/faults', rules);
  }
  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }
  tokensAboutToExpire(): Promise<unknown> {
    return this.call('POST', '/tokens/about-to-expire');
  }
  tokensExpire(): Promise<unknown> {
    return this.call('POST', '/tokens/expire');
  }
  async mediaBytes(url: string): Promise<Buffer> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }
}

const POLL_MS = 50;
export const WAIT_MS = 15_000;

type NotYet = undefined | null | false;

/** Polls `check` until it returns a value other than undefined/null/false, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | NotYet> | T | NotYet, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The widget inside the loader's iframe. */
export function widget(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Chat"]');
}

export function messageLog(page: Page) {
  return widget(page).getByRole('log', { name: 'Messages' });
}

/** The launcher's accessible name starts with "Open chat" while the panel is closed. */
export async function openPanel(page: Page): Promise<FrameLocator> {
  await page.getByRole('button', { name: /^Open chat/ }).click();
  return widget(page);
}

export interface Visitor {
  name: string;
  email?: string;
  question: string;
}

/** Fills and sends the pre-engagement form; resolves when the composer is ready. */
export async function startChat(page: Page, visitor: Visitor): Promise<void> {
  const w = widget(page);
  await w.getByLabel('Name').fill(visitor.name);
  if (visitor.email) await w.getByLabel('Email').fill(visitor.email);
  await w.getByLabel('How can we help?').fill(visitor.question);
  await w.getByRole('button', { name: 'Start chat' }).click();
  await w.getByRole('textbox', { name: 'Type a message' }).waitFor();
}

/** Types a message in the composer and presses Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const box = widget(page).getByRole('textbox', { name: 'Type a message' });
  await box.fill(text);
  await box.press('Enter');
}

/** Chooses a file through the "Attach file" button (a real file chooser) and presses "Send". */
export async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const w = widget(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), w.getByRole('button', { name: 'Attach file' }).click()]);
  await chooser.setFiles(file);
  await w.getByRole('button', { name: `Remove ${file.name}` }).waitFor();
  await w.getByRole('button', { name: 'Send', exact: true }).click();
}

/** The bodies of the messages in the log, in order, as the visitor reads them. */
export async function bubbles(page: Page): Promise<string[]> {
  return messageLog(page).locator('.bubble').allInnerTexts();
}

/** Text messages of a conversation in the emulator, by author. */
export function bodiesBy(conversation: EmulatorConversation, author: string): string[] {
  return conversation.messages.filter((m) => m.author === author && m.body).map((m) => m.body as string);
}

/** The visitor's identity in a conversation (the customer participant). */
export function customerOf(conversation: ConversationSummary): EmulatorParticipant {
  const customer = conversation.participants.find((p) => p.role === 'customer');
  if (!customer) throw new Error(`no customer in ${conversation.sid}`);
  return customer;
}

/** Collects uncaught page errors in every frame of a context's pages. */
export function collectPageErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  const watch = (page: Page): void => {
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return errors;
}

export function control(stack: Stack): EmulatorControl {
  return new EmulatorControl(stack.emulator.url);
}
