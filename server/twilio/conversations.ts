/** The few Conversations REST calls the server makes, as twilio-node's conversations.v1 sends them. */
import { isConversationState, type ConversationState } from '../../contracts/conversation.ts';
import { isRecord } from '../../contracts/guards.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';
import { twilioQuery, UpstreamHttpError, type UpstreamClient } from './upstream.ts';

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

/** What a token refresh may learn about an identity and a conversation. */
export type Participation =
  | { kind: 'participant'; state: ConversationState }
  /** Twilio does not know the conversation (deleted, or never existed). */
  | { kind: 'unknown_conversation' }
  /** The conversation exists and the identity is not one of its participants. */
  | { kind: 'not_participant'; state: ConversationState };

/** Twilio returns at most 50 conversations per page; 100 pages is 5,000 conversations for one identity. */
const MAX_PAGES = 100;

/** One entry of GET /v1/ParticipantConversations: a conversation an identity takes part in. */
export interface ParticipantConversation {
  conversationSid: string;
  state: ConversationState;
  /** ISO 8601, when Twilio says it. */
  dateCreated: string | undefined;
  /** ISO 8601, when Twilio says it: the last change (for a closed conversation, its closing). */
  dateUpdated: string | undefined;
  /** The conversation's attributes (JSON text, as Twilio answers them). */
  attributes: string | undefined;
}

/**
 * The conversations `identity` takes part in, page by page: GET /v1/ParticipantConversations?Identity=…
 * (as twilio-node's conversations.v1.participantConversations.list({ identity }) asks for it). Each
 * next page is asked of the configured API, never of a host the answer names. Stop iterating to stop
 * asking.
 */
export async function* participantConversations(
  upstream: UpstreamClient,
  config: ServerConfig,
  identity: string,
  purpose: string,
): AsyncGenerator<ParticipantConversation> {
  const listUrl = `${config.conversationsApiUrl}/v1/ParticipantConversations`;
  let url: string | undefined = `${listUrl}?${twilioQuery({ Identity: identity })}`;
  for (let page = 0; url !== undefined; page++) {
    if (page === MAX_PAGES) {
      throw new HttpError(502, 'upstream_error', `Twilio listed more than ${MAX_PAGES} pages of conversations.`);
    }
    const body = await getJson(upstream, config, url, purpose);
    const conversations = isRecord(body) && Array.isArray(body.conversations) ? body.conversations : [];
    for (const entry of conversations) {
      if (!isRecord(entry) || typeof entry.conversation_sid !== 'string') continue;
      if (!isConversationState(entry.conversation_state)) {
        throw new HttpError(502, 'upstream_error', 'Twilio answered a conversation without a known state.');
      }
      yield {
        conversationSid: entry.conversation_sid,
        state: entry.conversation_state,
        dateCreated: typeof entry.conversation_date_created === 'string' ? entry.conversation_date_created : undefined,
        dateUpdated: typeof entry.conversation_date_updated === 'string' ? entry.conversation_date_updated : undefined,
        attributes: typeof entry.conversation_attributes === 'string' ? entry.conversation_attributes : undefined,
      };
    }
    const next: unknown = isRecord(body) && isRecord(body.meta) ? body.meta.next_page_url : undefined;
    url = typeof next === 'string' && next !== '' ? `${listUrl}${searchOf(next)}` : undefined;
  }
}

/**
 * Whether `identity` takes part in `conversationSid` and the conversation's state, in one request
 * in the usual case (participantConversations above).
 *
 * Paging: a web chat identity is made by Flex for one chat, so it has one conversation; only a
 * verified returning customer (Flex's `Identity` reused) collects more. Every page is followed
 * until the conversation is found, so a customer with 120 chats costs three requests. Only when the
 * conversation is in none of the pages (a refusal) does a second request, GET
 * /v1/Conversations/{CH}, tell an unknown conversation from one the identity is not part of.
 */
export async function findParticipation(
  upstream: UpstreamClient,
  config: ServerConfig,
  identity: string,
  conversationSid: string,
): Promise<Participation> {
  for await (const entry of participantConversations(upstream, config, identity, 'checking the conversation')) {
    if (entry.conversationSid === conversationSid) return { kind: 'participant', state: entry.state };
  }
  const state = await fetchConversationState(upstream, config, conversationSid);
  return state === undefined ? { kind: 'unknown_conversation' } : { kind: 'not_participant', state };
}

/** One message as GET /v1/Conversations/{CH}/Messages lists it: what a read-only reader needs. */
export interface ConversationMessage {
  sid: string;
  author: string;
  body: string;
  /** ISO 8601. */
  dateCreated: string;
  /** Attachments (category `media`; a rich message's own `body` media is not one). */
  media: { filename: string | null; contentType: string }[];
}

/** Twilio lists at most 100 messages a page; 10 pages is the longest conversation a reader gets. */
const MESSAGE_PAGE_SIZE = 100;
const MAX_MESSAGE_PAGES = 10;

/**
 * A conversation's messages, oldest first (GET /v1/Conversations/{CH}/Messages?Order=asc, as
 * twilio-node's conversations.v1.conversations(sid).messages.list({ order: 'asc' }) asks), at most
 * 1,000; each next page is asked of the configured API only. `limit` stops early. With `order`
 * 'desc', the newest `limit` first (Order=desc).
 */
export async function conversationMessages(
  upstream: UpstreamClient,
  config: ServerConfig,
  conversationSid: string,
  purpose: string,
  limit = MESSAGE_PAGE_SIZE * MAX_MESSAGE_PAGES,
  order: 'asc' | 'desc' = 'asc',
): Promise<ConversationMessage[]> {
  const listUrl = `${conversationUrl(config, conversationSid)}/Messages`;
  const pageSize = Math.min(limit, MESSAGE_PAGE_SIZE);
  let url: string | undefined = `${listUrl}?${twilioQuery({ Order: order, PageSize: String(pageSize) })}`;
  const messages: ConversationMessage[] = [];
  for (let page = 0; url !== undefined && page < MAX_MESSAGE_PAGES && messages.length < limit; page++) {
    const body = await getJson(upstream, config, url, purpose);
    const entries = isRecord(body) && Array.isArray(body.messages) ? body.messages : [];
    for (const entry of entries) {
      if (!isRecord(entry) || typeof entry.sid !== 'string') continue;
      const media = Array.isArray(entry.media) ? entry.media.filter(isRecord) : [];
      messages.push({
        sid: entry.sid,
        author: typeof entry.author === 'string' ? entry.author : '',
        body: typeof entry.body === 'string' ? entry.body : '',
        dateCreated: typeof entry.date_created === 'string' ? entry.date_created : '',
        media: media
          .filter((m) => m.category === undefined || m.category === 'media')
          .map((m) => ({
            filename: typeof m.filename === 'string' ? m.filename : null,
            contentType: typeof m.content_type === 'string' ? m.content_type : 'application/octet-stream',
          })),
      });
    }
    const next: unknown = isRecord(body) && isRecord(body.meta) ? body.meta.next_page_url : undefined;
    url = typeof next === 'string' && next !== '' ? `${listUrl}${searchOf(next)}` : undefined;
  }
  return messages.slice(0, limit);
}

/**
 * A Conversations user's friendly name (GET /v1/Users/{identity}: Twilio takes the identity for the
 * SID), or undefined when the identity is no user (404) or has none.
 */
export async function userFriendlyName(
  upstream: UpstreamClient,
  config: ServerConfig,
  identity: string,
): Promise<string | undefined> {
  const body = await getOrUndefined(
    upstream,
    config,
    `${config.conversationsApiUrl}/v1/Users/${encodeURIComponent(identity)}`,
    "reading an author's name",
  );
  const name = isRecord(body) ? body.friendly_name : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function searchOf(url: string): string {
  try {
    return new URL(url).search;
  } catch {
    throw new HttpError(502, 'upstream_error', 'Twilio answered a next page link that is not a URL.');
  }
}

/** A GET to the Conversations API with the API key; the answer's JSON body. */
async function getJson(upstream: UpstreamClient, config: ServerConfig, url: string, purpose: string): Promise<unknown> {
  const { body } = await upstream.call<unknown>({
    method: 'GET',
    url,
    credentials: apiKey(config),
    timeoutMs: config.upstreamTimeoutMs,
    purpose,
  });
  return body;
}

async function getOrUndefined(
  upstream: UpstreamClient,
  config: ServerConfig,
  url: string,
  purpose: string,
): Promise<unknown> {
  try {
    return await getJson(upstream, config, url, purpose);
  } catch (error) {
    if (error instanceof UpstreamHttpError && error.upstreamStatus === 404) return undefined;
    throw error;
  }
}
