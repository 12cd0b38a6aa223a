/**
 * A verified customer's previous conversations, read-only: the closed conversations of their stable
 * identity (GET /v1/ParticipantConversations?Identity=…), and one of them with its messages
 * (GET /v1/Conversations/{CH}/Messages) and its authors' names (GET /v1/Users/{identity}).
 *
 * Read through the REST API because the Conversations SDK cannot: a participant's SDK leaves a
 * conversation when it closes and may not read it again (docs/flex-setup.md). Nothing is kept: each
 * request asks Twilio afresh, and only for the identity the customer's token proves.
 */
import { isRecord } from '../../contracts/guards.ts';
import {
  HISTORY_LIMIT,
  type PastConversationAnswer,
  type PastConversationSummary,
  type PastMessage,
} from '../../contracts/previous-conversations.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';
import {
  conversationMessages,
  participantConversations,
  userFriendlyName,
  type ConversationMessage,
  type ParticipantConversation,
} from '../twilio/conversations.ts';
import type { UpstreamClient } from '../twilio/upstream.ts';

/** A list's first line is cut to this many characters (the reader shows the whole message). */
export const FIRST_LINE_MAX = 200;

/** How many of a conversation's first messages are searched for the customer's first words. */
const FIRST_LINE_MESSAGES = 20;

/** The closed conversations of `identity`, newest first, at most HISTORY_LIMIT, with their first lines. */
export async function previousConversationsOf(
  upstream: UpstreamClient,
  config: ServerConfig,
  identity: string,
): Promise<PastConversationSummary[]> {
  const closed: ParticipantConversation[] = [];
  for await (const entry of participantConversations(
    upstream,
    config,
    identity,
    "listing the customer's previous conversations",
  )) {
    if (entry.state === 'closed') closed.push(entry);
  }
  closed.sort((a, b) => (b.dateCreated ?? '').localeCompare(a.dateCreated ?? ''));
  return Promise.all(
    closed.slice(0, HISTORY_LIMIT).map(async (entry) => ({
      conversationSid: entry.conversationSid,
      startedAt: entry.dateCreated ?? '',
      endedAt: entry.dateUpdated ?? entry.dateCreated ?? '',
      firstLine: shortened(questionOf(entry.attributes) ?? (await firstOwnWords(upstream, config, entry, identity))),
    })),
  );
}

/**
 * One closed conversation of `identity`, with its messages and their authors' names. Any other
 * conversation — someone else's, still open, unknown — is the same 404, so an answer tells nothing
 * about conversations that are not the customer's.
 */
export async function previousConversation(
  upstream: UpstreamClient,
  config: ServerConfig,
  identity: string,
  conversationSid: string,
): Promise<PastConversationAnswer> {
  let found: ParticipantConversation | undefined;
  for await (const entry of participantConversations(
    upstream,
    config,
    identity,
    "reading a customer's previous conversation",
  )) {
    if (entry.conversationSid === conversationSid) {
      found = entry;
      break;
    }
  }
  if (found?.state !== 'closed') throw new HttpError(404, 'not_found', 'There is no such previous conversation.');
  const messages = await conversationMessages(upstream, config, conversationSid, 'reading a previous conversation');
  return {
    conversationSid,
    startedAt: found.dateCreated ?? '',
    endedAt: found.dateUpdated ?? found.dateCreated ?? '',
    messages: await readOnlyMessages(upstream, config, identity, messages),
  };
}

/**
 * Messages as a read-only view shows them to `identity`: its own marked (no name), everyone else's
 * with their author's friendly name, and no identity at all.
 */
export async function readOnlyMessages(
  upstream: UpstreamClient,
  config: ServerConfig,
  identity: string,
  messages: ConversationMessage[],
): Promise<PastMessage[]> {
  const names = await authorNames(
    upstream,
    config,
    messages.map((m) => m.author).filter((author) => author !== identity),
  );
  return messages.map((m): PastMessage => ({
    sid: m.sid,
    own: m.author === identity,
    authorName: m.author === identity ? '' : (names.get(m.author) ?? m.author),
    body: m.body,
    sentAt: m.dateCreated,
    files: m.media,
  }));
}

/** Each author's friendly name, as the live chat shows it (else the author as written), one request each. */
async function authorNames(
  upstream: UpstreamClient,
  config: ServerConfig,
  authors: string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(authors)];
  const names = await Promise.all(unique.map((author) => userFriendlyName(upstream, config, author)));
  return new Map(unique.flatMap((author, i) => (names[i] === undefined ? [] : [[author, names[i]] as const])));
}

/** pre_engagement_data.question from the conversation's attributes (Flex keeps the form there). */
function questionOf(attributes: string | undefined): string | undefined {
  if (attributes === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(attributes);
    const data = isRecord(parsed) ? parsed.pre_engagement_data : undefined;
    const question = isRecord(data) ? data.question : undefined;
    return typeof question === 'string' && question.trim() !== '' ? question : undefined;
  } catch {
    return undefined;
  }
}

/** The customer's first message with text among the first few, when the form had no question. */
async function firstOwnWords(
  upstream: UpstreamClient,
  config: ServerConfig,
  entry: ParticipantConversation,
  identity: string,
): Promise<string | undefined> {
  const messages = await conversationMessages(
    upstream,
    config,
    entry.conversationSid,
    "reading a previous conversation's first line",
    FIRST_LINE_MESSAGES,
  );
  return messages.find((m) => m.author === identity && m.body.trim() !== '')?.body;
}

function shortened(text: string | undefined): string | null {
  if (text === undefined) return null;
  const characters = [...text.trim().replace(/\s+/g, ' ')];
  return characters.length > FIRST_LINE_MAX
    ? `${characters.slice(0, FIRST_LINE_MAX - 1).join('')}…`
    : characters.join('');
}
