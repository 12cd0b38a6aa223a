/**
 * The JSON control API under /emulator/: inspect conversations, act as an agent, inject faults,
 * push token events, and follow changes as Server-Sent Events (control/events.ts). Errors are
 * `{ error: { code, message } }` with a message a person can act on.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { mintAccessToken } from '../access-token.ts';
import type { DevCredentials } from '../dev-credentials.ts';
import type { Faults } from '../faults.ts';
import { parseFeedbackBody, type FeedbackInbox } from '../feedback-inbox.ts';
import { FEEDBACK_SIGNATURE_HEADER } from '../../contracts/webchat-api.ts';
import {
  agentIdentityFor,
  DEFAULT_AGENT,
  TRANSFER_MODES,
  type AgentProfile,
  type FlexRouting,
  type TransferMode,
} from '../flex-routing.ts';
import { matchesSearch } from '../conversation-search.ts';
import { ControlError, controlErrorBody } from '../http/errors.ts';
import { baseUrlOf, json } from '../http/json.ts';
import { MAX_MEDIA_BYTES, mediaContentResponse } from '../media/media-content.ts';
import { openCors } from '../media/media-app.ts';
import { CONVERSATION_STATES, type ConversationRecord, type ConversationState, type EmulatorState } from '../state.ts';
import type { TwilsockServer } from '../twilsock-server.ts';
import type { TransferResult } from '../control-client.ts';
import type { ControlEvents } from './events.ts';
import { controlRequestGuard } from './request-guard.ts';
import { isRecord } from '../../contracts/guards.ts';
import { invalid, onlyFields, optionalString, parseJsonObject, requiredString, type Body } from './fields.ts';
import { createControlViews } from './views.ts';
import { ContentError, parseContentTypes, richMediaType } from '../content-templates.ts';
import { newSid } from '../ids.ts';

export interface ControlDependencies {
  state: EmulatorState;
  credentials: DevCredentials;
  faults: Faults;
  routing: FlexRouting;
  twilsock: TwilsockServer;
  events: ControlEvents;
  /** The post-chat feedback receiver (POST /emulator/feedback). */
  feedback: FeedbackInbox;
  reset: () => void;
}

const MAX_JSON_BYTES = Math.ceil((MAX_MEDIA_BYTES * 4) / 3) + 64 * 1024;

export function createControlApp(deps: ControlDependencies): Hono {
  const { state } = deps;
  const views = createControlViews(state, deps.feedback);

  const conversation = (sid: string): ConversationRecord => {
    const found = state.getConversation(sid);
    if (!found)
      throw new ControlError(
        404,
        'not_found',
        `No conversation ${sid}. GET /emulator/conversations lists the ones that exist.`,
      );
    return found;
  };

  const participantIdentity = (c: ConversationRecord, body: Body): string => {
    const identity = requiredString(body, 'identity', 256, '"identity": "agent.alex"');
    if (!state.getParticipant(c.sid, identity)) {
      const known = state.listParticipants(c.sid).map((p) => p.identity);
      throw invalid(
        `"${identity}" is not a participant of ${c.sid}; its participants are ${known.length > 0 ? known.map((k) => `"${k}"`).join(', ') : 'none'}.`,
      );
    }
    return identity;
  };

  const bodyOf = async (c: Context): Promise<Body> => parseJsonObject(await c.req.text());

  const app = new Hono();
  app.use(
    '/emulator/*',
    bodyLimit({
      maxSize: MAX_JSON_BYTES,
      onError: () => {
        throw new ControlError(413, 'payload_too_large', 'The body is too large (files up to 16 MB, base64).');
      },
    }),
  );

  // Media stays readable from any origin (CORS open, served so it cannot run script: media-content.ts).
  app.get('/emulator/media/:sid{ME[0-9a-f]{32}}', openCors, (c) => {
    const record = state.getMedia(c.req.param('sid'));
    return record
      ? mediaContentResponse(c, record)
      : json(c, 404, controlErrorBody('not_found', `No media ${c.req.param('sid')}.`));
  });

  // Everything else only for the emulator's own pages and clients without an Origin.
  app.use('/emulator/*', controlRequestGuard);

  app.get('/emulator/events', (c) => deps.events.stream(c));

  app.get('/emulator/conversations', (c) => {
    const unknown = Object.keys(c.req.queries()).filter((name) => name !== 'search');
    if (unknown.length > 0) throw invalid(`Unknown parameter(s) ${unknown.join(', ')}; the list takes "search".`);
    const search = c.req.query('search') ?? '';
    if (search.length > 256) throw invalid('"search" must be at most 256 characters.');
    const all = state.listConversations();
    const found = search.trim() ? all.filter((conv) => matchesSearch(views.detail(conv, baseUrlOf(c)), search)) : all;
    return json(c, 200, found.map(views.summary));
  });
  app.get('/emulator/conversations/:sid', (c) =>
    json(c, 200, views.detail(conversation(c.req.param('sid')), baseUrlOf(c))),
  );

  app.post('/emulator/conversations/:sid/agent', async (c) => {
    const conv = conversation(c.req.param('sid'));
    const body = await bodyOf(c);
    onlyFields(body, ['identity', 'friendlyName']);
    // As a Flex worker: the identity goes with the public name ("Sam" → agent.sam); neither → Alex.
    const givenName = optionalString(body, 'friendlyName', 256);
    const identity =
      optionalString(body, 'identity', 256) ??
      (givenName === undefined ? DEFAULT_AGENT.identity : agentIdentityFor(givenName));
    const friendlyName = givenName ?? (identity === DEFAULT_AGENT.identity ? DEFAULT_AGENT.friendlyName : identity);
    if (conv.state === 'closed')
      throw new ControlError(409, 'conversation_closed', `${conv.sid} is closed: an agent cannot join it.`);
    const existing = state.getParticipant(conv.sid, identity);
    if (existing && existing.role !== 'agent') {
      throw new ControlError(
        409,
        'conflict',
        `"${identity}" is already the customer of ${conv.sid}; pick another agent identity.`,
      );
    }
    if (body.friendlyName !== undefined) state.ensureUser(identity, friendlyName);
    return json(c, 200, deps.routing.agentJoins(conv.sid, { identity, friendlyName }, false));
  });

  /** An agent participant of the conversation, named in `field`. */
  const agentIdentity = (c: ConversationRecord, identity: string, field: string): string => {
    const participant = state.getParticipant(c.sid, identity);
    if (participant?.role === 'agent') return identity;
    if (participant)
      throw new ControlError(
        409,
        'conflict',
        `"${identity}" is the customer of ${c.sid}, not an agent: to end the chat, POST …/state {"state":"closed"}.`,
      );
    const agents = state.listParticipants(c.sid).filter((p) => p.role === 'agent');
    throw invalid(
      `"${field}": "${identity}" is not an agent in ${c.sid}; its agents are ${agents.length > 0 ? agents.map((a) => `"${a.identity}"`).join(', ') : 'none'}.`,
    );
  };

  const openConversation = (sid: string, doing: string): ConversationRecord => {
    const conv = conversation(sid);
    if (conv.state === 'closed') throw new ControlError(409, 'conversation_closed', `${conv.sid} is closed: ${doing}.`);
    return conv;
  };

  // Flex's transfer: another agent joins; cold, the one who transferred leaves; warm, both stay.
  app.post('/emulator/conversations/:sid/transfer', async (c) => {
    const conv = conversation(c.req.param('sid'));
    const body = await bodyOf(c);
    onlyFields(body, ['from', 'to', 'mode']);
    const mode = body.mode as TransferMode;
    if (typeof mode !== 'string' || !TRANSFER_MODES.includes(mode))
      throw invalid('"mode" must be "cold" (the agent leaves once the other joined) or "warm" (both stay).');
    const to = body.to;
    if (!isRecord(to))
      throw invalid('"to" is required: { "identity": "agent.sam", "friendlyName": "Sam" } (either or both).');
    onlyFields(to, ['identity', 'friendlyName']);
    const givenIdentity = optionalString(to, 'identity', 256);
    const givenName = optionalString(to, 'friendlyName', 256);
    if (givenIdentity === undefined && givenName === undefined)
      throw invalid('"to" needs an "identity", a "friendlyName" or both, e.g. { "friendlyName": "Sam" }.');
    const target: AgentProfile = {
      identity: givenIdentity ?? agentIdentityFor(givenName ?? ''),
      friendlyName: givenName ?? givenIdentity ?? '',
    };
    openConversation(conv.sid, 'it cannot be transferred');
    const agents = state.listParticipants(conv.sid).filter((p) => p.role === 'agent');
    let from: string;
    if (body.from !== undefined)
      from = agentIdentity(conv, requiredString(body, 'from', 256, '"from": "agent.alex"'), 'from');
    else if (agents.length === 1) from = agents[0]!.identity;
    else if (agents.length === 0)
      throw new ControlError(409, 'conflict', `${conv.sid} has no agent to transfer from: POST …/agent to add one.`);
    else
      throw invalid(
        `${conv.sid} has several agents (${agents.map((a) => `"${a.identity}"`).join(', ')}): say which transfers with "from".`,
      );
    if (target.identity === from) throw invalid(`"to" is "${from}", the agent who transfers: name another agent.`);
    const existing = state.getParticipant(conv.sid, target.identity);
    if (existing)
      throw new ControlError(
        409,
        'conflict',
        existing.role === 'agent'
          ? `"${target.identity}" is already in ${conv.sid}.`
          : `"${target.identity}" is the customer of ${conv.sid}; pick another agent identity.`,
      );
    if (givenName !== undefined) state.ensureUser(target.identity, givenName);
    const fromProfile: AgentProfile = {
      identity: from,
      friendlyName: state.getUser(from)?.friendlyName ?? from,
    };
    const joined = deps.routing.transfer(conv.sid, from, target, mode);
    const result: TransferResult = { mode, from: fromProfile, to: joined, conversation: views.summary(conv) };
    return json(c, 200, result);
  });

  // An agent leaves (their task completes); the customer cannot leave this way.
  app.post('/emulator/conversations/:sid/leave', async (c) => {
    const conv = conversation(c.req.param('sid'));
    const body = await bodyOf(c);
    onlyFields(body, ['identity']);
    const identity = agentIdentity(conv, requiredString(body, 'identity', 256, '"identity": "agent.alex"'), 'identity');
    openConversation(conv.sid, 'its agents stay as they were when it ended');
    deps.routing.agentLeaves(conv.sid, identity);
    return json(c, 200, views.summary(conv));
  });

  app.post('/emulator/conversations/:sid/messages', async (c) => {
    const conv = conversation(c.req.param('sid'));
    const body = await bodyOf(c);
    onlyFields(body, ['author', 'body', 'media', 'content']);
    const author = requiredString(body, 'author', 256, '"author": "agent.alex"');
    const text = body.body;
    if (text !== undefined && (typeof text !== 'string' || text.length > 32 * 1024))
      throw invalid('"body" must be a string of at most 32768 characters.');
    const mediaSids: string[] = [];
    if (body.media !== undefined) {
      const media = body.media;
      if (!isRecord(media)) throw invalid('"media" must be an object: { "filename", "contentType", "base64" }.');
      const filename = requiredString(media, 'filename', 255, '"filename": "photo.png"');
      const contentType = requiredString(media, 'contentType', 255, '"contentType": "image/png"');
      if (!/^[\w.+-]+\/[\w.+-]+$/.test(contentType))
        throw invalid('"media.contentType" must be a MIME type such as "image/png".');
      const base64 = media.base64;
      if (typeof base64 !== 'string' || base64.length === 0 || !/^[A-Za-z0-9+/=\s]+$/.test(base64)) {
        throw invalid('"media.base64" must be the file content, base64-encoded.');
      }
      const content = Buffer.from(base64, 'base64');
      if (content.length === 0) throw invalid('"media.base64" decodes to an empty file.');
      if (content.length > MAX_MEDIA_BYTES) {
        throw new ControlError(
          413,
          'payload_too_large',
          `The file is ${content.length} bytes; Flex accepts at most ${MAX_MEDIA_BYTES} (16 MB).`,
        );
      }
      mediaSids.push(state.addMedia({ author, filename, contentType, content }).sid);
    }
    if (body.content !== undefined) {
      // A Content template (HX…): the template's text as body, its data as a media item of category
      // "body" (what Message.getContentData() reads), as Twilio posts a message with a ContentSid.
      if (text !== undefined || body.media !== undefined)
        throw invalid('"content" goes alone: its text becomes the body (no "body" or "media" with it).');
      let template;
      try {
        template = parseContentTypes(body.content);
      } catch (error) {
        if (error instanceof ContentError) throw invalid(error.message);
        throw error;
      }
      if (conv.state === 'closed')
        throw new ControlError(409, 'conversation_closed', `${conv.sid} is closed: no new messages can be added.`);
      const contentSid = newSid('HX');
      const media = state.addMedia({
        author,
        filename: null,
        contentType: richMediaType(template.type),
        content: Buffer.from(JSON.stringify({ data: template.data })),
        category: 'body',
      });
      const message = state.addMessage(conv.sid, {
        author,
        body: template.body,
        mediaSids: [media.sid],
        contentSid,
      });
      deps.routing.messagePosted(conv.sid, author, true);
      return json(c, 201, views.message(message, baseUrlOf(c)));
    }
    if ((typeof text !== 'string' || text.length === 0) && mediaSids.length === 0)
      throw invalid('Give a "body", a "media" file, or both (or a "content" template alone).');
    if (conv.state === 'closed')
      throw new ControlError(409, 'conversation_closed', `${conv.sid} is closed: no new messages can be added.`);
    const message = state.addMessage(conv.sid, { author, body: typeof text === 'string' ? text : null, mediaSids });
    deps.routing.messagePosted(conv.sid, author, true);
    return json(c, 201, views.message(message, baseUrlOf(c)));
  });

  app.post('/emulator/conversations/:sid/typing', async (c) => {
    const conv = conversation(c.req.param('sid'));
    const body = await bodyOf(c);
    onlyFields(body, ['identity']);
    state.typing(conv.sid, participantIdentity(conv, body));
    return json(c, 200, { ok: true });
  });

  app.post('/emulator/conversations/:sid/read', async (c) => {
    const conv = conversation(c.req.param('sid'));
    const body = await bodyOf(c);
    onlyFields(body, ['identity', 'index']);
    const identity = participantIdentity(conv, body);
    const last = state.lastMessage(conv.sid);
    let index: number;
    if (body.index === undefined) {
      if (!last) throw new ControlError(409, 'conflict', `${conv.sid} has no messages yet: there is nothing to read.`);
      index = last.index;
    } else {
      const given = body.index;
      if (typeof given !== 'number' || !Number.isInteger(given) || given < 0)
        throw invalid('"index" must be a non-negative whole number (a message index).');
      if (!last || given > last.index)
        throw invalid(`"index" ${given} is beyond the last message (${last ? last.index : 'none'}).`);
      index = given;
    }
    const unread = state.setReadHorizon(conv.sid, identity, index);
    return json(c, 200, { identity, lastReadMessageIndex: index, unreadCount: unread });
  });

  app.post('/emulator/conversations/:sid/state', async (c) => {
    const conv = conversation(c.req.param('sid'));
    const body = await bodyOf(c);
    onlyFields(body, ['state']);
    const value = body.state;
    if (typeof value !== 'string' || !CONVERSATION_STATES.includes(value as ConversationState))
      throw invalid('"state" must be "active", "inactive" or "closed".');
    return json(
      c,
      200,
      views.summary(state.updateConversation(conv.sid, { state: value as ConversationState, endedBy: 'agent' })),
    );
  });

  app.post('/emulator/conversations/:sid/:action', (c) => {
    conversation(c.req.param('sid'));
    throw new ControlError(
      404,
      'not_found',
      `No action "${c.req.param('action')}": use agent, transfer, leave, messages, typing, read or state.`,
    );
  });

  app.get('/emulator/settings', (c) => json(c, 200, { ...deps.routing.options }));
  app.post('/emulator/settings', async (c) => {
    const body = await bodyOf(c);
    onlyFields(body, ['autoAgent', 'autoAgentDelayMs']);
    if (body.autoAgent !== undefined && typeof body.autoAgent !== 'boolean')
      throw invalid('"autoAgent" must be true or false.');
    const delay = body.autoAgentDelayMs;
    if (delay !== undefined && (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0 || delay > 60000))
      throw invalid('"autoAgentDelayMs" must be a whole number of milliseconds from 0 to 60000.');
    const settings = deps.routing.configure({
      ...(typeof body.autoAgent === 'boolean' ? { autoAgent: body.autoAgent } : {}),
      ...(typeof delay === 'number' ? { autoAgentDelayMs: delay } : {}),
    });
    deps.events.settingsChanged(settings);
    return json(c, 200, settings);
  });

  // The chat server's FEEDBACK_WEBHOOK_URL: a signed delivery is kept (faults can fail it, to test retries).
  app.post('/emulator/feedback', async (c) => {
    const failure = deps.faults.takeFailure('POST', c.req.path);
    if (failure) return json(c, failure.status, failure.body);
    const raw = await c.req.text();
    if (!deps.feedback.verify(raw, c.req.header(FEEDBACK_SIGNATURE_HEADER))) {
      throw new ControlError(
        401,
        'invalid_signature',
        `${FEEDBACK_SIGNATURE_HEADER} is not the HMAC-SHA256 of the body with the stack's FEEDBACK_WEBHOOK_SECRET.`,
      );
    }
    const record = parseFeedbackBody(parseJsonObject(raw));
    if (typeof record === 'string') throw invalid(record);
    deps.feedback.receive(record);
    return json(c, 200, { ok: true });
  });
  app.get('/emulator/feedback', (c) => json(c, 200, deps.feedback.list()));

  app.get('/emulator/faults', (c) => json(c, 200, deps.faults.snapshot()));
  app.delete('/emulator/faults', (c) => {
    deps.faults.reset();
    return json(c, 200, deps.faults.snapshot());
  });
  app.post('/emulator/faults', async (c) => {
    const body = await bodyOf(c);
    onlyFields(body, ['dropConnections', 'failNext', 'latencyMs']);
    if (body.dropConnections !== undefined && typeof body.dropConnections !== 'boolean')
      throw invalid('"dropConnections" must be true (or false).');
    if (body.latencyMs !== undefined) {
      const latency = body.latencyMs;
      if (typeof latency !== 'number' || !Number.isInteger(latency) || latency < 0 || latency > 60000) {
        throw invalid('"latencyMs" must be a whole number of milliseconds from 0 to 60000 (0 turns it off).');
      }
    }
    let rule: { match: string; status: number; count: number } | undefined;
    if (body.failNext !== undefined) {
      const failNext = body.failNext;
      if (!isRecord(failNext))
        throw invalid('"failNext" must be { "match": "POST /Client/v2/Conversations", "status": 503, "count": 1 }.');
      const match = requiredString(failNext, 'match', 500, '"match": "/v2/WebChats"');
      const status = failNext.status;
      const count = failNext.count ?? 1;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
        throw invalid('"failNext.status" must be an HTTP error status from 400 to 599.');
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000)
        throw invalid('"failNext.count" must be a whole number from 1 to 1000.');
      rule = { match, status, count };
    }
    if (typeof body.latencyMs === 'number') deps.faults.latencyMs = body.latencyMs;
    if (rule) deps.faults.failNext(rule.match, rule.status, rule.count);
    const dropped = body.dropConnections === true ? deps.twilsock.dropAll() : 0;
    return json(c, 200, { ...deps.faults.snapshot(), droppedConnections: dropped });
  });

  app.post('/emulator/tokens/about-to-expire', (c) =>
    json(c, 200, { notifiedConnections: deps.twilsock.aboutToExpireAll() }),
  );
  app.post('/emulator/tokens/expire', (c) => json(c, 200, { expiredConnections: deps.twilsock.expireAll() }));
  app.post('/emulator/tokens', async (c) => {
    const body = await bodyOf(c);
    onlyFields(body, ['identity', 'ttlSeconds']);
    const identity = requiredString(body, 'identity', 256, '"identity": "agent.alex"');
    const ttl = body.ttlSeconds ?? 3600;
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > 86400)
      throw invalid('"ttlSeconds" must be a whole number from 1 to 86400.');
    const now = Math.floor(Date.now() / 1000);
    return json(c, 201, {
      identity,
      token: mintAccessToken(deps.credentials, identity, { ttlSeconds: ttl, nowSeconds: now }),
      expiresAt: new Date((now + ttl) * 1000).toISOString(),
    });
  });

  app.post('/emulator/reset', (c) => {
    const forgotten = state.listConversations().map((conv) => conv.sid);
    deps.reset();
    for (const sid of forgotten) deps.events.conversationRemoved(sid);
    return json(c, 200, { ok: true });
  });

  app.all('/emulator/*', (c) => {
    throw new ControlError(
      404,
      'not_found',
      `No control endpoint ${c.req.method} ${c.req.path}. See docs/emulator.md for the list.`,
    );
  });
  return app;
}
