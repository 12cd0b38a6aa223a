/**
 * The JSON control API under /emulator/: inspect conversations, act as an agent, inject faults,
 * push token events, and follow changes as Server-Sent Events. Errors are
 * `{ error: { code, message } }` with a message a person can act on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mintAccessToken } from './access-token.ts';
import type { DevCredentials } from './dev-credentials.ts';
import type { Faults } from './faults.ts';
import { DEFAULT_AGENT, type FlexRouting } from './flex-routing.ts';
import { BodyTooLargeError, OPEN_CORS, baseUrlOf, readBody, sendJson } from './http-util.ts';
import { MAX_MEDIA_BYTES, sendMediaContent } from './media-http.ts';
import { CONVERSATION_STATES, StateError, type ConversationRecord, type ConversationState, type EmulatorState } from './state.ts';
import type { TwilsockServer } from './twilsock-server.ts';

export interface ControlDependencies {
  state: EmulatorState;
  credentials: DevCredentials;
  faults: Faults;
  routing: FlexRouting;
  twilsock: TwilsockServer;
  reset: () => void;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_JSON_BYTES = Math.ceil((MAX_MEDIA_BYTES * 4) / 3) + 64 * 1024;

type Body = Record<string, unknown>;

function isRecord(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(body: Body, field: string, max: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw new ControlError(400, 'invalid_request', `"${field}" must be a non-empty string of at most ${max} characters.`);
  }
  return value;
}

function requiredString(body: Body, field: string, max: number, example: string): string {
  const value = optionalString(body, field, max);
  if (value === undefined) throw new ControlError(400, 'invalid_request', `"${field}" is required, e.g. ${example}.`);
  return value;
}

function onlyFields(body: Body, allowed: string[]): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ControlError(400, 'invalid_request', `Unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}; expected ${allowed.map((k) => `"${k}"`).join(', ')}.`);
  }
}

export function createControlApi(deps: ControlDependencies) {
  const { state } = deps;
  const sseClients = new Set<ServerResponse>();

  state.onChange((change) => {
    const line = `data: ${JSON.stringify(change.type === 'typing' ? change : { type: 'conversation', sid: change.sid })}\n\n`;
    for (const client of sseClients) client.write(line);
  });
  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(': keep-alive\n\n');
  }, 15000);
  heartbeat.unref();

  const participantsOf = (sid: string) =>
    state.listParticipants(sid).map((p) => ({
      identity: p.identity,
      friendlyName: state.getUser(p.identity)?.friendlyName ?? null,
      role: p.role,
      lastReadMessageIndex: p.lastReadMessageIndex,
    }));

  const summary = (c: ConversationRecord) => {
    const messages = state.listMessages(c.sid);
    return {
      sid: c.sid,
      state: c.state,
      friendlyName: c.friendlyName,
      attributes: c.attributes,
      participants: participantsOf(c.sid),
      messageCount: messages.length,
      lastMessageIndex: messages[messages.length - 1]?.index ?? null,
      waitingForAgent: c.waitingForAgent,
      dateCreated: c.dateCreated,
      dateUpdated: c.dateUpdated,
    };
  };

  const detail = (c: ConversationRecord, base: string) => ({
    ...summary(c),
    messages: state.listMessages(c.sid).map((m) => ({
      index: m.index,
      sid: m.sid,
      author: m.author,
      body: m.body,
      attributes: m.attributes,
      media: state.mediaOf(m).map((media) => ({
        sid: media.sid,
        filename: media.filename,
        contentType: media.contentType,
        size: media.size,
        url: `${base}/emulator/media/${media.sid}`,
      })),
      dateCreated: m.dateCreated,
    })),
  });

  const conversation = (sid: string): ConversationRecord => {
    const found = state.getConversation(sid);
    if (!found) throw new ControlError(404, 'not_found', `No conversation ${sid}. GET /emulator/conversations lists the ones that exist.`);
    return found;
  };

  const participantIdentity = (c: ConversationRecord, body: Body): string => {
    const identity = requiredString(body, 'identity', 256, '"identity": "agent.alex"');
    if (!state.getParticipant(c.sid, identity)) {
      const known = state.listParticipants(c.sid).map((p) => p.identity);
      throw new ControlError(
        400,
        'invalid_request',
        `"${identity}" is not a participant of ${c.sid}; its participants are ${known.length > 0 ? known.map((k) => `"${k}"`).join(', ') : 'none'}.`,
      );
    }
    return identity;
  };

  const conversationAction = (c: ConversationRecord, action: string, body: Body, base: string): [number, unknown] => {
    switch (action) {
      case 'agent': {
        onlyFields(body, ['identity', 'friendlyName']);
        const identity = optionalString(body, 'identity', 256) ?? DEFAULT_AGENT.identity;
        const friendlyName = optionalString(body, 'friendlyName', 256) ?? (identity === DEFAULT_AGENT.identity ? DEFAULT_AGENT.friendlyName : identity);
        if (c.state === 'closed') throw new ControlError(409, 'conversation_closed', `${c.sid} is closed: an agent cannot join it.`);
        const existing = state.getParticipant(c.sid, identity);
        if (existing && existing.role !== 'agent') {
          throw new ControlError(409, 'conflict', `"${identity}" is already the customer of ${c.sid}; pick another agent identity.`);
        }
        if (body.friendlyName !== undefined) state.ensureUser(identity, friendlyName);
        return [200, deps.routing.agentJoins(c.sid, { identity, friendlyName }, false)];
      }
      case 'messages': {
        onlyFields(body, ['author', 'body', 'media']);
        const author = requiredString(body, 'author', 256, '"author": "agent.alex"');
        const text = body.body;
        if (text !== undefined && (typeof text !== 'string' || text.length > 32 * 1024)) {
          throw new ControlError(400, 'invalid_request', '"body" must be a string of at most 32768 characters.');
        }
        const mediaSids: string[] = [];
        if (body.media !== undefined) {
          const media = body.media;
          if (!isRecord(media)) {
            throw new ControlError(400, 'invalid_request', '"media" must be an object: { "filename", "contentType", "base64" }.');
          }
          const filename = requiredString(media, 'filename', 255, '"filename": "photo.png"');
          const contentType = requiredString(media, 'contentType', 255, '"contentType": "image/png"');
          if (!/^[\w.+-]+\/[\w.+-]+$/.test(contentType)) {
            throw new ControlError(400, 'invalid_request', '"media.contentType" must be a MIME type such as "image/png".');
          }
          const base64 = media.base64;
          if (typeof base64 !== 'string' || base64.length === 0 || !/^[A-Za-z0-9+/=\s]+$/.test(base64)) {
            throw new ControlError(400, 'invalid_request', '"media.base64" must be the file content, base64-encoded.');
          }
          const content = Buffer.from(base64, 'base64');
          if (content.length === 0) throw new ControlError(400, 'invalid_request', '"media.base64" decodes to an empty file.');
          if (content.length > MAX_MEDIA_BYTES) {
            throw new ControlError(413, 'payload_too_large', `The file is ${content.length} bytes; Flex accepts at most ${MAX_MEDIA_BYTES} (16 MB).`);
          }
          mediaSids.push(state.addMedia({ author, filename, contentType, content }).sid);
        }
        if ((typeof text !== 'string' || text.length === 0) && mediaSids.length === 0) {
          throw new ControlError(400, 'invalid_request', 'Give a "body", a "media" file, or both.');
        }
        if (c.state === 'closed') throw new ControlError(409, 'conversation_closed', `${c.sid} is closed: no new messages can be added.`);
        const message = state.addMessage(c.sid, { author, body: typeof text === 'string' ? text : null, mediaSids });
        deps.routing.messagePosted(c.sid, author, true);
        return [201, detail(c, base).messages.find((m) => m.index === message.index)];
      }
      case 'typing': {
        onlyFields(body, ['identity']);
        const identity = participantIdentity(c, body);
        state.typing(c.sid, identity);
        return [200, { ok: true }];
      }
      case 'read': {
        onlyFields(body, ['identity', 'index']);
        const identity = participantIdentity(c, body);
        const last = state.lastMessage(c.sid);
        let index: number;
        if (body.index === undefined) {
          if (!last) throw new ControlError(409, 'conflict', `${c.sid} has no messages yet: there is nothing to read.`);
          index = last.index;
        } else {
          const given = body.index;
          if (typeof given !== 'number' || !Number.isInteger(given) || given < 0) {
            throw new ControlError(400, 'invalid_request', '"index" must be a non-negative whole number (a message index).');
          }
          if (!last || given > last.index) {
            throw new ControlError(400, 'invalid_request', `"index" ${given} is beyond the last message (${last ? last.index : 'none'}).`);
          }
          index = given;
        }
        const unread = state.setReadHorizon(c.sid, identity, index);
        return [200, { identity, lastReadMessageIndex: index, unreadCount: unread }];
      }
      case 'state': {
        onlyFields(body, ['state']);
        const value = body.state;
        if (typeof value !== 'string' || !CONVERSATION_STATES.includes(value as ConversationState)) {
          throw new ControlError(400, 'invalid_request', '"state" must be "active", "inactive" or "closed".');
        }
        return [200, summary(state.updateConversation(c.sid, { state: value as ConversationState }))];
      }
      default:
        throw new ControlError(404, 'not_found', `No action "${action}": use agent, messages, typing, read or state.`);
    }
  };

  const faults = (body: Body): [number, unknown] => {
    onlyFields(body, ['dropConnections', 'failNext', 'latencyMs']);
    if (body.dropConnections !== undefined && typeof body.dropConnections !== 'boolean') {
      throw new ControlError(400, 'invalid_request', '"dropConnections" must be true (or false).');
    }
    if (body.latencyMs !== undefined) {
      const latency = body.latencyMs;
      if (typeof latency !== 'number' || !Number.isInteger(latency) || latency < 0 || latency > 60000) {
        throw new ControlError(400, 'invalid_request', '"latencyMs" must be a whole number of milliseconds from 0 to 60000 (0 turns it off).');
      }
    }
    let rule: { match: string; status: number; count: number } | undefined;
    if (body.failNext !== undefined) {
      const failNext = body.failNext;
      if (!isRecord(failNext)) {
        throw new ControlError(400, 'invalid_request', '"failNext" must be { "match": "POST /Client/v2/Conversations", "status": 503, "count": 1 }.');
      }
      const match = requiredString(failNext, 'match', 500, '"match": "/v2/WebChats"');
      const status = failNext.status;
      const count = failNext.count ?? 1;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
        throw new ControlError(400, 'invalid_request', '"failNext.status" must be an HTTP error status from 400 to 599.');
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
        throw new ControlError(400, 'invalid_request', '"failNext.count" must be a whole number from 1 to 1000.');
      }
      rule = { match, status, count };
    }
    if (typeof body.latencyMs === 'number') deps.faults.latencyMs = body.latencyMs;
    if (rule) deps.faults.failNext(rule.match, rule.status, rule.count);
    const dropped = body.dropConnections === true ? deps.twilsock.dropAll() : 0;
    return [200, { ...deps.faults.snapshot(), droppedConnections: dropped }];
  };

  const route = (method: string, path: string, body: Body, base: string): [number, unknown] => {
    if (path === '/emulator/conversations' && method === 'GET') return [200, state.listConversations().map(summary)];
    const one = /^\/emulator\/conversations\/([^/]+)$/.exec(path);
    if (one && method === 'GET') return [200, detail(conversation(one[1] ?? ''), base)];
    const action = /^\/emulator\/conversations\/([^/]+)\/([^/]+)$/.exec(path);
    if (action && method === 'POST') return conversationAction(conversation(action[1] ?? ''), action[2] ?? '', body, base);
    if (path === '/emulator/faults' && method === 'GET') return [200, deps.faults.snapshot()];
    if (path === '/emulator/faults' && method === 'POST') return faults(body);
    if (path === '/emulator/faults' && method === 'DELETE') {
      deps.faults.reset();
      return [200, deps.faults.snapshot()];
    }
    if (path === '/emulator/tokens/about-to-expire' && method === 'POST') return [200, { notifiedConnections: deps.twilsock.aboutToExpireAll() }];
    if (path === '/emulator/tokens/expire' && method === 'POST') return [200, { expiredConnections: deps.twilsock.expireAll() }];
    if (path === '/emulator/tokens' && method === 'POST') {
      onlyFields(body, ['identity', 'ttlSeconds']);
      const identity = requiredString(body, 'identity', 256, '"identity": "agent.alex"');
      const ttl = body.ttlSeconds ?? 3600;
      if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > 86400) {
        throw new ControlError(400, 'invalid_request', '"ttlSeconds" must be a whole number from 1 to 86400.');
      }
      const now = Math.floor(Date.now() / 1000);
      return [201, { identity, token: mintAccessToken(deps.credentials, identity, { ttlSeconds: ttl, nowSeconds: now }), expiresAt: new Date((now + ttl) * 1000).toISOString() }];
    }
    if (path === '/emulator/reset' && method === 'POST') {
      deps.reset();
      return [200, { ok: true }];
    }
    throw new ControlError(404, 'not_found', `No control endpoint ${method} ${path}. See docs/emulator.md for the list.`);
  };

  return {
    async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
      if (!url.pathname.startsWith('/emulator/')) return false;
      const method = request.method ?? 'GET';
      if (url.pathname === '/emulator/events' && method === 'GET') {
        response.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
        });
        response.write(': connected\n\n');
        sseClients.add(response);
        request.on('close', () => sseClients.delete(response));
        return true;
      }
      const media = /^\/emulator\/media\/(ME[0-9a-f]{32})$/.exec(url.pathname);
      if (media && method === 'GET') {
        const record = state.getMedia(media[1] ?? '');
        if (record) sendMediaContent(response, record);
        else sendJson(response, 404, { error: { code: 'not_found', message: `No media ${media[1]}.` } }, OPEN_CORS);
        return true;
      }
      try {
        let body: Body = {};
        if (method === 'POST') {
          const raw = (await readBody(request, MAX_JSON_BYTES)).toString('utf8');
          if (raw.trim().length > 0) {
            let parsed: unknown;
            try {
              parsed = JSON.parse(raw);
            } catch {
              throw new ControlError(400, 'invalid_request', 'The body must be JSON (Content-Type: application/json).');
            }
            if (!isRecord(parsed)) throw new ControlError(400, 'invalid_request', 'The body must be a JSON object.');
            body = parsed;
          }
        }
        const [status, result] = route(method, url.pathname, body, baseUrlOf(request));
        sendJson(response, status, result);
      } catch (error) {
        if (error instanceof ControlError) {
          sendJson(response, error.status, { error: { code: error.code, message: error.message } });
        } else if (error instanceof StateError) {
          sendJson(response, error.status === 404 ? 404 : 400, { error: { code: error.status === 404 ? 'not_found' : 'invalid_request', message: error.message } });
        } else if (error instanceof BodyTooLargeError) {
          sendJson(response, 413, { error: { code: 'payload_too_large', message: 'The body is too large (files up to 16 MB, base64).' } });
        } else throw error;
      }
      return true;
    },
    close(): void {
      clearInterval(heartbeat);
      for (const client of sseClients) client.end();
      sseClients.clear();
    },
  };
}
