/**
 * The Conversations v1 resources as Twilio's OpenAPI description lists them (exactly those
 * properties: test/emulator/rest-schema.test.ts checks it), and Twilio's list pages, whose links
 * carry the emulator's real base URL so that the `twilio` library follows them.
 */
import type { DevCredentials } from '../dev-credentials.ts';
import {
  ROLE_SIDS,
  type ConversationRecord,
  type ConversationWebhookRecord,
  type EmulatorState,
  type MessageRecord,
  type ParticipantRecord,
  type UserRecord,
} from '../state.ts';
import type { JsonObject } from '../json.ts';

export function createResources(state: EmulatorState, credentials: DevCredentials) {
  const conversation = (c: ConversationRecord, base: string): JsonObject => {
    const url = `${base}/conversations/v1/Conversations/${c.sid}`;
    return {
      account_sid: credentials.accountSid,
      chat_service_sid: credentials.conversationsServiceSid,
      messaging_service_sid: null,
      sid: c.sid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: JSON.stringify(c.attributes),
      state: c.state,
      date_created: c.dateCreated,
      date_updated: c.dateUpdated,
      timers: {},
      url,
      links: { participants: `${url}/Participants`, messages: `${url}/Messages`, webhooks: `${url}/Webhooks` },
      bindings: null,
    };
  };

  const message = (m: MessageRecord, base: string): JsonObject => {
    const url = `${base}/conversations/v1/Conversations/${m.conversationSid}/Messages/${m.sid}`;
    const media = state.mediaOf(m).map((record) => ({
      sid: record.sid,
      size: record.size,
      content_type: record.contentType,
      filename: record.filename,
      category: record.category,
    }));
    return {
      account_sid: credentials.accountSid,
      conversation_sid: m.conversationSid,
      sid: m.sid,
      index: m.index,
      author: m.author,
      body: m.body,
      media: media.length > 0 ? media : null,
      attributes: JSON.stringify(m.attributes),
      participant_sid: m.participantSid,
      date_created: m.dateCreated,
      date_updated: m.dateUpdated,
      delivery: null,
      content_sid: m.contentSid ?? null,
      url,
      links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
    };
  };

  const participant = (p: ParticipantRecord, base: string): JsonObject => ({
    account_sid: credentials.accountSid,
    conversation_sid: p.conversationSid,
    sid: p.sid,
    identity: p.identity,
    attributes: JSON.stringify(p.attributes),
    messaging_binding: null,
    role_sid: ROLE_SIDS[p.role],
    date_created: p.dateCreated,
    date_updated: p.dateUpdated,
    last_read_message_index: p.lastReadMessageIndex,
    last_read_timestamp: p.lastReadTimestamp,
    url: `${base}/conversations/v1/Conversations/${p.conversationSid}/Participants/${p.sid}`,
  });

  /**
   * A Conversations user (GET /v1/Users/{Sid}). The emulator has one service role for users, which
   * Twilio calls the service user role: the customer role's SID stands for it.
   */
  const user = (u: UserRecord, base: string): JsonObject => {
    const url = `${base}/conversations/v1/Users/${u.sid}`;
    return {
      sid: u.sid,
      account_sid: credentials.accountSid,
      chat_service_sid: credentials.conversationsServiceSid,
      role_sid: ROLE_SIDS.customer,
      identity: u.identity,
      friendly_name: u.friendlyName,
      attributes: JSON.stringify(u.attributes),
      is_online: null,
      is_notifiable: null,
      date_created: u.dateCreated,
      date_updated: u.dateUpdated,
      url,
      links: { user_conversations: `${url}/Conversations` },
    };
  };

  /** One item of GET /v1/ParticipantConversations: the participant and its conversation, flattened. */
  const participantConversation = (p: ParticipantRecord, c: ConversationRecord, base: string): JsonObject => {
    const conversationUrl = `${base}/conversations/v1/Conversations/${c.sid}`;
    return {
      account_sid: credentials.accountSid,
      chat_service_sid: credentials.conversationsServiceSid,
      participant_sid: p.sid,
      participant_user_sid: state.getUser(p.identity)?.sid ?? null,
      participant_identity: p.identity,
      participant_messaging_binding: null,
      conversation_sid: c.sid,
      conversation_unique_name: c.uniqueName,
      conversation_friendly_name: c.friendlyName,
      conversation_attributes: JSON.stringify(c.attributes),
      conversation_date_created: c.dateCreated,
      conversation_date_updated: c.dateUpdated,
      conversation_created_by: c.createdBy,
      conversation_state: c.state,
      conversation_timers: {},
      links: { participant: `${conversationUrl}/Participants/${p.sid}`, conversation: conversationUrl },
    };
  };

  /** A conversation-scoped webhook; `configuration` holds the fields its target uses. */
  const webhook = (w: ConversationWebhookRecord, base: string): JsonObject => {
    const configuration: JsonObject = {};
    if (w.url !== null) configuration.url = w.url;
    if (w.target !== 'studio') configuration.method = w.method;
    if (w.filters.length > 0) configuration.filters = w.filters;
    if (w.triggers.length > 0) configuration.triggers = w.triggers;
    if (w.flowSid !== null) configuration.flow_sid = w.flowSid;
    if (w.replayAfter !== null) configuration.replay_after = w.replayAfter;
    return {
      sid: w.sid,
      account_sid: credentials.accountSid,
      conversation_sid: w.conversationSid,
      target: w.target,
      url: `${base}/conversations/v1/Conversations/${w.conversationSid}/Webhooks/${w.sid}`,
      configuration,
      date_created: w.dateCreated,
      date_updated: w.dateUpdated,
    };
  };

  return { conversation, message, participant, participantConversation, user, webhook };
}

/** One page of a list, `PageSize` (1–`maxPageSize`, default 50) and `Page` (from 0) read from `url`. */
export function listPage<T>(
  items: T[],
  url: URL,
  key: string,
  map: (item: T) => JsonObject,
  maxPageSize = 1000,
): JsonObject {
  const pageSize = Math.min(maxPageSize, Math.max(1, Number(url.searchParams.get('PageSize')) || 50));
  const pageNumber = Math.max(0, Number(url.searchParams.get('Page')) || 0);
  const slice = items.slice(pageNumber * pageSize, (pageNumber + 1) * pageSize);
  const pageUrl = (n: number) => {
    const next = new URL(url);
    next.searchParams.set('PageSize', String(pageSize));
    next.searchParams.set('Page', String(n));
    return next.toString();
  };
  return {
    [key]: slice.map(map),
    meta: {
      page: pageNumber,
      page_size: pageSize,
      first_page_url: pageUrl(0),
      previous_page_url: pageNumber > 0 ? pageUrl(pageNumber - 1) : null,
      url: pageUrl(pageNumber),
      next_page_url: (pageNumber + 1) * pageSize < items.length ? pageUrl(pageNumber + 1) : null,
      key,
    },
  };
}
