/**
 * The Conversations back end ("aim") as the SDK calls it through the Twilsock tunnel:
 * Client/v2/Configuration, Me/Conversations, Conversations, Messages, Participants, Users,
 * typing indicators. Shapes follow @twilio/conversations 3.0.1 (dist/*.js) field by field.
 */
import { parseAttributes } from './attributes.ts';
import type { DevCredentials } from './dev-credentials.ts';
import type { FlexRouting } from './flex-routing.ts';
import type { ConversationRecord, EmulatorState, ParticipantRecord } from './state.ts';
import type { SyncProjection } from './sync/projection.ts';
import type { JsonObject } from './json.ts';
import { TwilioApiError } from './twilio-errors.ts';
import { bodyFields, type TunnelConnection, type TunnelRequest, type TunnelResponse } from './tunnel.ts';

export const AIM_BASE = 'https://aim.us1.twilio.com';
const CLIENT = `${AIM_BASE}/Client/v2`;
export const TYPING_TIMEOUT_SECONDS = 5;
const MAX_BODY_LENGTH = 32 * 1024;

export interface AimDependencies {
  state: EmulatorState;
  /** Where the SDK finds each conversation and user in Sync. */
  syncObjects: Pick<SyncProjection, 'conversationObjects' | 'userObjects'>;
  credentials: DevCredentials;
  routing: FlexRouting;
}

type Params = string[];
type Route = [
  method: string,
  pattern: RegExp,
  handler: (params: Params, request: TunnelRequest, connection: TunnelConnection) => TunnelResponse,
];

export function createAimHandler(deps: AimDependencies) {
  const { state, syncObjects: sync } = deps;

  const ok = (body: unknown, status = 200): TunnelResponse => ({ status, body });

  const conversationFor = (sid: string | undefined, identity: string): ConversationRecord => {
    const conversation = state.getConversation(sid ?? '');
    if (!conversation) throw new TwilioApiError(404, 50350, `Conversation ${sid} was not found`);
    if (!state.getParticipant(conversation.sid, identity)) {
      throw new TwilioApiError(403, 50400, `User ${identity} is not a participant of conversation ${conversation.sid}`);
    }
    return conversation;
  };

  const syncObjects = (c: ConversationRecord): JsonObject => {
    const objects = sync.conversationObjects(c.sid);
    return { conversation: objects.document, messages: objects.messages, participants: objects.roster };
  };

  /** What the Conversation resource and the Me/Conversations item both carry. */
  const conversationFields = (c: ConversationRecord): JsonObject => ({
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: JSON.stringify(c.attributes),
    date_created: c.dateCreated,
    date_updated: c.dateUpdated,
    created_by: c.createdBy,
  });

  const conversationResource = (c: ConversationRecord): JsonObject => ({
    sid: c.sid,
    conversation_sid: c.sid,
    ...conversationFields(c),
    state: c.state,
    url: `${CLIENT}/Conversations/${c.sid}`,
    links: {
      messages: `${CLIENT}/Conversations/${c.sid}/Messages`,
      participants: `${CLIENT}/Conversations/${c.sid}/Participants`,
    },
    sync_objects: syncObjects(c),
    participants_count: state.listParticipants(c.sid).length,
    messages_count: state.listMessages(c.sid).length,
  });

  const myConversation = (c: ConversationRecord, p: ParticipantRecord): JsonObject => ({
    conversation_sid: c.sid,
    status: 'joined',
    ...conversationFields(c),
    last_read_message_index: p.lastReadMessageIndex,
    unread_messages_count: state.unreadCount(c.sid, p.identity),
    notification_level: 'default',
    sync_objects: syncObjects(c),
    url: `${CLIENT}/Me/Conversations/${c.sid}`,
  });

  const participantResource = (p: ParticipantRecord): JsonObject => ({
    sid: p.sid,
    conversation_sid: p.conversationSid,
    identity: p.identity,
    attributes: JSON.stringify(p.attributes),
    date_created: p.dateCreated,
    date_updated: p.dateUpdated,
    role_sid: null,
    messaging_binding: null,
    url: `${CLIENT}/Conversations/${p.conversationSid}/Participants/${p.sid}`,
  });

  const attributesParameter = (value: unknown): JsonObject | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new TwilioApiError(400, 50205, 'attributes must be a JSON string');
    const attributes = parseAttributes(value);
    if (!attributes) throw new TwilioApiError(400, 50205, 'attributes must be a JSON object serialised as a string');
    return attributes;
  };

  const routes: Route[] = [
    [
      'GET',
      /^\/Client\/v2\/Configuration$/,
      (_p, _r, connection) => {
        const user = state.ensureUser(connection.identity);
        const userObjects = sync.userObjects(user.identity);
        const mediaBase = `${connection.httpBase}/mcs/v1/Services/${deps.credentials.conversationsServiceSid}`;
        return ok({
          identity: user.identity,
          links: {
            my_conversations: `${CLIENT}/Me/Conversations`,
            conversations: `${CLIENT}/Conversations`,
            users: `${CLIENT}/Users`,
            current_user: `${CLIENT}/Users/${encodeURIComponent(user.identity)}`,
            typing: `${CLIENT}/Indicators/Typing`,
            media_service: `${mediaBase}/Media`,
            media_set_service: `${mediaBase}/MediaSet`,
            messages_receipts: `${CLIENT}/Conversations/%s/Messages/%s/Receipts`,
          },
          options: {
            consumption_report_interval: 'PT5S',
            http_cache_interval: 'PT5S',
            user_infos_to_subscribe: 100,
            reachability_enabled: false,
            media_attachments_count_limit: 1,
            media_attachment_size_limit_in_mb: 16,
            media_attachments_total_size_limit_in_mb: 64,
            email_histories_allowed_mime_types: [],
            email_bodies_allowed_mime_types: [],
          },
          sync_objects: { my_conversations: userObjects.myConversations, my_user_info: userObjects.info },
        });
      },
    ],
    [
      'GET',
      /^\/Client\/v2\/Me\/Conversations$/,
      (_p, _r, connection) => {
        const conversations = state.conversationsOf(connection.identity).flatMap((c) => {
          const p = state.getParticipant(c.sid, connection.identity);
          return p ? [myConversation(c, p)] : [];
        });
        return ok({ conversations, meta: { next_token: null, previous_token: null } });
      },
    ],
    [
      'GET',
      /^\/Client\/v2\/Me\/Conversations\/([^/]+)$/,
      ([sid], _r, connection) => {
        const c = conversationFor(sid, connection.identity);
        return ok(myConversation(c, state.requireParticipant(c.sid, connection.identity)));
      },
    ],
    [
      'POST',
      /^\/Client\/v2\/Me\/Conversations\/([^/]+)$/,
      ([sid], request, connection) => {
        const c = conversationFor(sid, connection.identity);
        const fields = bodyFields(request.body);
        if ('last_read_message_index' in fields) {
          const index = fields.last_read_message_index;
          if (index !== null && (typeof index !== 'number' || !Number.isInteger(index) || index < 0)) {
            throw new TwilioApiError(400, 50205, 'last_read_message_index must be a non-negative integer or null');
          }
          state.setReadHorizon(c.sid, connection.identity, index);
        }
        return ok(myConversation(c, state.requireParticipant(c.sid, connection.identity)));
      },
    ],
    [
      'GET',
      /^\/Client\/v2\/Conversations\/([^/]+)$/,
      ([sid], _r, connection) => ok(conversationResource(conversationFor(sid, connection.identity))),
    ],
    [
      'POST',
      /^\/Client\/v2\/Conversations\/([^/]+)$/,
      ([sid], request, connection) => {
        const c = conversationFor(sid, connection.identity);
        const fields = bodyFields(request.body);
        const update: Parameters<EmulatorState['updateConversation']>[1] = {};
        const attributes = attributesParameter(fields.attributes);
        if (attributes) update.attributes = attributes;
        if (typeof fields.friendly_name === 'string') update.friendlyName = fields.friendly_name;
        if (typeof fields.unique_name === 'string') update.uniqueName = fields.unique_name;
        return ok(conversationResource(state.updateConversation(c.sid, update)));
      },
    ],
    [
      'POST',
      /^\/Client\/v2\/Conversations\/([^/]+)\/Messages$/,
      ([sid], request, connection) => {
        const c = conversationFor(sid, connection.identity);
        if (c.state === 'closed') {
          throw new TwilioApiError(409, 50446, `Conversation ${c.sid} is closed: no new messages can be added`);
        }
        const fields = bodyFields(request.body);
        const body = fields.body;
        if (body !== undefined && body !== null && typeof body !== 'string')
          throw new TwilioApiError(400, 50205, 'body must be a string');
        if (typeof body === 'string' && body.length > MAX_BODY_LENGTH) {
          throw new TwilioApiError(400, 50205, `body is longer than ${MAX_BODY_LENGTH} characters`);
        }
        const mediaSids = Array.isArray(fields.media_sids)
          ? fields.media_sids.filter((s): s is string => typeof s === 'string')
          : [];
        const message = state.addMessage(c.sid, {
          author: connection.identity,
          body: typeof body === 'string' ? body : null,
          attributes: attributesParameter(fields.attributes) ?? {},
          mediaSids,
        });
        deps.routing.messagePosted(c.sid, connection.identity, true);
        return ok(
          {
            sid: message.sid,
            index: message.index,
            conversation_sid: c.sid,
            author: message.author,
            body: message.body,
            date_created: message.dateCreated,
            url: `${CLIENT}/Conversations/${c.sid}/Messages/${message.sid}`,
          },
          201,
        );
      },
    ],
    [
      'POST',
      /^\/Client\/v2\/Conversations\/([^/]+)\/Messages\/([^/]+)$/,
      ([sid, messageSid], request, connection) => {
        const c = conversationFor(sid, connection.identity);
        const message = state.requireMessage(c.sid, messageSid ?? '');
        if (message.author !== connection.identity)
          throw new TwilioApiError(403, 50400, 'Only the author can change a message');
        const fields = bodyFields(request.body);
        const update: { body?: string; attributes?: JsonObject } = {};
        if (typeof fields.body === 'string') update.body = fields.body;
        const attributes = attributesParameter(fields.attributes);
        if (attributes) update.attributes = attributes;
        const updated = state.updateMessage(c.sid, message.index, update);
        return ok({ sid: updated.sid, index: updated.index });
      },
    ],
    [
      'DELETE',
      /^\/Client\/v2\/Conversations\/([^/]+)\/Messages\/([^/]+)$/,
      ([sid, messageSid], _r, connection) => {
        const c = conversationFor(sid, connection.identity);
        const message = state.requireMessage(c.sid, messageSid ?? '');
        if (message.author !== connection.identity)
          throw new TwilioApiError(403, 50400, 'Only the author can remove a message');
        state.removeMessage(c.sid, message.index);
        return ok({});
      },
    ],
    [
      'GET',
      /^\/Client\/v2\/Conversations\/([^/]+)\/Messages\/([^/]+)\/Receipts$/,
      () => ok({ delivery_receipts: [], meta: { next_token: null, previous_token: null } }),
    ],
    [
      'POST',
      /^\/Client\/v2\/Conversations\/([^/]+)\/Participants\/([^/]+)$/,
      ([sid, participant], request, connection) => {
        const c = conversationFor(sid, connection.identity);
        const attributes = attributesParameter(bodyFields(request.body).attributes);
        const updated = state.updateParticipant(
          c.sid,
          decodeURIComponent(participant ?? ''),
          attributes ? { attributes } : {},
        );
        return ok(participantResource(updated));
      },
    ],
    [
      'DELETE',
      /^\/Client\/v2\/Conversations\/([^/]+)\/Participants\/([^/]+)$/,
      ([sid, participant], _r, connection) => {
        const c = conversationFor(sid, connection.identity);
        const target = state.requireParticipant(c.sid, decodeURIComponent(participant ?? ''));
        if (target.identity !== connection.identity) {
          throw new TwilioApiError(
            403,
            50400,
            'In the emulator a client can only remove itself; agents leave through the control API',
          );
        }
        state.removeParticipant(c.sid, target.identity);
        return ok({});
      },
    ],
    [
      'GET',
      /^\/Client\/v2\/Users\/([^/]+)$/,
      ([identity]) => {
        const user = state.getUser(decodeURIComponent(identity ?? ''));
        if (!user) throw new TwilioApiError(404, 20404, `User ${decodeURIComponent(identity ?? '')} was not found`);
        return ok({
          identity: user.identity,
          friendly_name: user.friendlyName,
          attributes: JSON.stringify(user.attributes),
          date_created: user.dateCreated,
          date_updated: user.dateUpdated,
          sync_objects: { user_info_map: sync.userObjects(user.identity).info },
          url: `${CLIENT}/Users/${encodeURIComponent(user.identity)}`,
        });
      },
    ],
    [
      'POST',
      /^\/Client\/v2\/Users\/([^/]+)$/,
      ([identity], request, connection) => {
        const target = decodeURIComponent(identity ?? '');
        if (target !== connection.identity) throw new TwilioApiError(403, 50400, 'A user can only change itself');
        const fields = bodyFields(request.body);
        const update: { friendlyName?: string; attributes?: JsonObject } = {};
        if (typeof fields.friendly_name === 'string') update.friendlyName = fields.friendly_name;
        const attributes = attributesParameter(fields.attributes);
        if (attributes) update.attributes = attributes;
        const user = state.updateUser(target, update);
        return ok({
          identity: user.identity,
          friendly_name: user.friendlyName,
          attributes: JSON.stringify(user.attributes),
        });
      },
    ],
    [
      'POST',
      /^\/Client\/v2\/Indicators\/Typing$/,
      (_p, request, connection) => {
        const sid = bodyFields(request.body).ChannelSid;
        const c = conversationFor(typeof sid === 'string' ? sid : undefined, connection.identity);
        state.typing(c.sid, connection.identity);
        return ok({ typing_timeout: TYPING_TIMEOUT_SECONDS });
      },
    ],
    ['GET', /^\/Client\/v2\/ContentTemplates$/, () => ok({ templates: [], meta: { next_token: null } })],
  ];

  return (request: TunnelRequest, connection: TunnelConnection): TunnelResponse => {
    const path = request.path.replace(/\/+$/, '');
    let pathMatched = false;
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (method !== request.method.toUpperCase()) continue;
      return handler(match.slice(1), request, connection);
    }
    if (pathMatched) throw new TwilioApiError(405, 20004, `Method ${request.method} not allowed on ${path}`);
    throw new TwilioApiError(404, 20404, `The emulator does not implement ${request.method} ${path}`);
  };
}
