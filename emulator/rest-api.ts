/**
 * Twilio's REST APIs as our server calls them: `POST /flex-api/v2/WebChats` and the
 * Conversations v1 resources (conversation, messages, participants), with HTTP Basic auth
 * (account SID + auth token, or API key SID + secret) and Twilio's JSON error shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseAttributes } from './attributes.ts';
import type { DevCredentials } from './dev-credentials.ts';
import type { Faults } from './faults.ts';
import type { FlexRouting } from './flex-routing.ts';
import { BodyTooLargeError, baseUrlOf, parseBasicAuth, readBody, sendJson } from './http-util.ts';
import { CONVERSATION_STATES, StateError, type ConversationRecord, type ConversationState, type EmulatorState, type MessageRecord, type ParticipantRecord } from './state.ts';
import type { JsonObject } from './json.ts';
import { TwilioApiError, twilioError } from './twilio-errors.ts';

export interface RestDependencies {
  state: EmulatorState;
  credentials: DevCredentials;
  faults: Faults;
  routing: FlexRouting;
}

const MAX_FORM_BYTES = 1024 * 1024;

export function createRestApi(deps: RestDependencies) {
  const { state, credentials } = deps;

  const authenticated = (request: IncomingMessage): boolean => {
    const auth = parseBasicAuth(request.headers.authorization);
    if (!auth) return false;
    return (
      (auth.username === credentials.accountSid && auth.password === credentials.authToken) ||
      (auth.username === credentials.apiKeySid && auth.password === credentials.apiKeySecret)
    );
  };

  const conversationResource = (c: ConversationRecord, base: string): JsonObject => {
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

  const messageResource = (m: MessageRecord, base: string): JsonObject => {
    const url = `${base}/conversations/v1/Conversations/${m.conversationSid}/Messages/${m.sid}`;
    const media = state
      .mediaOf(m)
      .map((record) => ({ sid: record.sid, size: record.size, content_type: record.contentType, filename: record.filename, category: record.category }));
    return {
      account_sid: credentials.accountSid,
      chat_service_sid: credentials.conversationsServiceSid,
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
      content_sid: null,
      url,
      links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
    };
  };

  const participantResource = (p: ParticipantRecord, base: string): JsonObject => ({
    account_sid: credentials.accountSid,
    chat_service_sid: credentials.conversationsServiceSid,
    conversation_sid: p.conversationSid,
    sid: p.sid,
    identity: p.identity,
    attributes: JSON.stringify(p.attributes),
    messaging_binding: null,
    role_sid: null,
    date_created: p.dateCreated,
    date_updated: p.dateUpdated,
    last_read_message_index: p.lastReadMessageIndex,
    last_read_timestamp: p.lastReadTimestamp,
    url: `${base}/conversations/v1/Conversations/${p.conversationSid}/Participants/${p.sid}`,
  });

  const page = <T>(items: T[], url: URL, key: string, map: (item: T) => JsonObject): JsonObject => {
    const pageSize = Math.min(1000, Math.max(1, Number(url.searchParams.get('PageSize')) || 50));
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
  };

  const attributesField = (value: string | null, field: string): JsonObject | undefined => {
    if (value === null) return undefined;
    const attributes = parseAttributes(value);
    if (!attributes) throw new TwilioApiError(400, 20001, `Invalid ${field}: it must be a JSON object serialised as a string`);
    return attributes;
  };

  const webChats = (form: URLSearchParams): [number, JsonObject] => {
    const addressSid = form.get('AddressSid');
    if (!addressSid) throw new TwilioApiError(400, 20001, 'Missing required parameter AddressSid in the post body');
    if (addressSid !== credentials.flexAddressSid) {
      const hint = addressSid.startsWith('IS')
        ? ` (${addressSid} is a Conversations service SID; AddressSid takes the Flex web chat address SID, IG…)`
        : '';
      throw new TwilioApiError(
        400,
        20001,
        `Something went wrong during the orchestration: ${addressSid} is invalid${hint}. The emulator's address is ${credentials.flexAddressSid}.`,
      );
    }
    const preEngagement = attributesField(form.get('PreEngagementData'), 'PreEngagementData') ?? {};
    const customerName = form.get('CustomerFriendlyName');
    const identity = form.get('Identity') || randomUUID();
    const conversation = state.createConversation({
      friendlyName: form.get('ChatFriendlyName') || 'Webchat',
      attributes: { pre_engagement_data: preEngagement, from: customerName ?? identity, channel_type: 'web' },
      createdBy: 'system',
    });
    state.addParticipant(conversation.sid, identity, { role: 'customer', friendlyName: customerName ?? identity });
    return [201, { conversation_sid: conversation.sid, identity }];
  };

  const conversations = async (
    request: IncomingMessage,
    url: URL,
    form: URLSearchParams,
    base: string,
  ): Promise<[number, JsonObject]> => {
    const match = /^\/conversations\/v1\/Conversations\/([^/]+)(?:\/(Messages|Participants))?$/.exec(url.pathname);
    if (!match) throw new TwilioApiError(404, 20404, `The requested resource ${url.pathname} was not found`);
    const [, sid = '', sub] = match;
    const conversation = state.requireConversation(sid);
    const method = request.method ?? 'GET';
    if (!sub) {
      if (method === 'GET') return [200, conversationResource(conversation, base)];
      if (method === 'POST') {
        const update: Parameters<EmulatorState['updateConversation']>[1] = {};
        const stateValue = form.get('State');
        if (stateValue !== null) {
          if (!CONVERSATION_STATES.includes(stateValue as ConversationState)) {
            throw new TwilioApiError(400, 20001, 'State must be active, inactive or closed');
          }
          update.state = stateValue as ConversationState;
        }
        const attributes = attributesField(form.get('Attributes'), 'Attributes');
        if (attributes) update.attributes = attributes;
        const friendlyName = form.get('FriendlyName');
        if (friendlyName !== null) update.friendlyName = friendlyName;
        return [200, conversationResource(state.updateConversation(sid, update), base)];
      }
    } else if (sub === 'Messages') {
      if (method === 'GET') {
        const messages = state.listMessages(sid);
        if (url.searchParams.get('Order') === 'desc') messages.reverse();
        return [200, page(messages, url, 'messages', (m) => messageResource(m, base))];
      }
      if (method === 'POST') {
        if (conversation.state === 'closed') {
          throw new TwilioApiError(409, 50446, `Conversation ${sid} is closed: no new messages can be added`);
        }
        const mediaSids = form.getAll('MediaSid');
        const body = form.get('Body');
        if (body === null && mediaSids.length === 0) {
          throw new TwilioApiError(400, 21602, 'Message body or MediaSid is required');
        }
        const author = form.get('Author') || 'system';
        const message = state.addMessage(sid, {
          author,
          body,
          attributes: attributesField(form.get('Attributes'), 'Attributes') ?? {},
          mediaSids,
        });
        const webhooks = String(request.headers['x-twilio-webhook-enabled'] ?? '').toLowerCase() === 'true';
        deps.routing.messagePosted(sid, author, webhooks);
        return [201, messageResource(message, base)];
      }
    } else {
      if (method === 'GET') {
        return [200, page(state.listParticipants(sid), url, 'participants', (p) => participantResource(p, base))];
      }
      if (method === 'POST') {
        const identity = form.get('Identity');
        if (!identity) throw new TwilioApiError(400, 20001, 'Missing required parameter Identity in the post body');
        const participant = state.addParticipant(sid, identity, {
          role: 'agent',
          attributes: attributesField(form.get('Attributes'), 'Attributes') ?? {},
        });
        return [201, participantResource(participant, base)];
      }
    }
    throw new TwilioApiError(405, 20004, `Method ${method} not allowed on ${url.pathname}`);
  };

  /** Handles the request when it is a REST path; returns false otherwise. */
  return async function handleRest(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const isFlex = url.pathname === '/flex-api/v2/WebChats';
    if (!isFlex && !url.pathname.startsWith('/conversations/v1/')) return false;
    if (!authenticated(request)) {
      sendJson(response, 401, twilioError(401, 20003, 'Authenticate'), { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
      return true;
    }
    await deps.faults.delay();
    const failure = deps.faults.takeFailure(request.method ?? 'GET', url.pathname);
    if (failure) {
      sendJson(response, failure.status, failure.body);
      return true;
    }
    try {
      let form = new URLSearchParams();
      if (request.method === 'POST') {
        const type = request.headers['content-type'] ?? '';
        const raw = (await readBody(request, MAX_FORM_BYTES)).toString('utf8');
        if (raw.length > 0 && !type.startsWith('application/x-www-form-urlencoded')) {
          throw new TwilioApiError(415, 20415, 'Send parameters form-encoded (Content-Type: application/x-www-form-urlencoded)');
        }
        form = new URLSearchParams(raw);
      }
      const base = baseUrlOf(request);
      if (isFlex) {
        if (request.method !== 'POST') throw new TwilioApiError(405, 20004, 'WebChats accepts POST only');
        const [status, body] = webChats(form);
        sendJson(response, status, body);
      } else {
        const [status, body] = await conversations(request, url, form, base);
        sendJson(response, status, body);
      }
    } catch (error) {
      if (error instanceof TwilioApiError || error instanceof StateError) {
        sendJson(response, error.status, twilioError(error.status, error.code, error.message));
      } else if (error instanceof BodyTooLargeError) {
        sendJson(response, 413, twilioError(413, 20413, 'Request body too large'));
      } else throw error;
    }
    return true;
  };
}
