/** The few Conversations REST calls the server makes, as twilio-node's conversations.v1 sends them. */
import { isConversationState, type ConversationState } from '../../contracts/conversation.ts';
import { isRecord } from '../../contracts/guards.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';
import { UpstreamHttpError, type UpstreamClient } from './upstream.ts';

function apiKey(config: ServerConfig) {
  return { username: config.apiKeySid, password: config.apiKeySecret };
}

function conversationUrl(config: ServerConfig, conversationSid: string): string {
  return `${config.conversationsApiUrl}/v1/Conversations/${encodeURIComponent(conversationSid)}`;
}

export async function postMessage(
  upstream: UpstreamClient,
  config: ServerConfig,
  conversationSid: string,
  message: { author: string; body: string; webhooksEnabled: boolean },
): Promise<void> {
  await upstream.call({
    method: 'POST',
    url: `${conversationUrl(config, conversationSid)}/Messages`,
    credentials: apiKey(config),
    form: { Author: message.author, Body: message.body },
    headers: { 'X-Twilio-Webhook-Enabled': String(message.webhooksEnabled) },
    timeoutMs: config.upstreamTimeoutMs,
    purpose: message.webhooksEnabled ? "posting the visitor's question" : 'posting the welcome message',
  });
}

/**
 * Closes the conversation (`State=closed`), as twilio-node's conversations.v1.conversations(sid).update
 * sends it, with webhooks on so the service's onConversationStateUpdated listeners hear of it. Flex moves
 * the conversation's task to wrap-up when its conversation closes (docs/flex-setup.md says why this call).
 */
export async function closeConversation(
  upstream: UpstreamClient,
  config: ServerConfig,
  conversationSid: string,
): Promise<void> {
  await upstream.call({
    method: 'POST',
    url: conversationUrl(config, conversationSid),
    credentials: apiKey(config),
    form: { State: 'closed' },
    headers: { 'X-Twilio-Webhook-Enabled': 'true' },
    timeoutMs: config.upstreamTimeoutMs,
    purpose: 'closing the conversation',
  });
}

/** The conversation's state, or undefined when Twilio does not know it (404). */
export async function fetchConversationState(
  upstream: UpstreamClient,
  config: ServerConfig,
  conversationSid: string,
): Promise<ConversationState | undefined> {
  const body = await getOrUndefined(
    upstream,
    config,
    conversationUrl(config, conversationSid),
    'checking the conversation',
  );
  if (body === undefined) return undefined;
  const state = isRecord(body) ? body.state : undefined;
  if (!isConversationState(state)) {
    throw new HttpError(502, 'upstream_error', 'Twilio answered a conversation without a known state.');
  }
  return state;
}

/** Identities of the conversation's participants (first page of 100: a web chat has a handful). */
export async function listParticipantIdentities(
  upstream: UpstreamClient,
  config: ServerConfig,
  conversationSid: string,
): Promise<string[]> {
  const body = await getOrUndefined(
    upstream,
    config,
    `${conversationUrl(config, conversationSid)}/Participants?PageSize=100`,
    "checking the conversation's participants",
  );
  if (body === undefined) return [];
  const participants = isRecord(body) && Array.isArray(body.participants) ? body.participants : [];
  return participants.flatMap((p) => (isRecord(p) && typeof p.identity === 'string' ? [p.identity] : []));
}

async function getOrUndefined(
  upstream: UpstreamClient,
  config: ServerConfig,
  url: string,
  purpose: string,
): Promise<unknown> {
  try {
    const { body } = await upstream.call<unknown>({
      method: 'GET',
      url,
      credentials: apiKey(config),
      timeoutMs: config.upstreamTimeoutMs,
      purpose,
    });
    return body;
  } catch (error) {
    if (error instanceof UpstreamHttpError && error.upstreamStatus === 404) return undefined;
    throw error;
  }
}
