/**
 * Twilio's REST APIs as our server calls them: `POST /flex-api/v2/WebChats` and the
 * Conversations v1 resources (conversation, messages, participants, an identity's participant
 * conversations), with HTTP Basic auth
 * (account SID + auth token, or API key SID + secret) and Twilio's JSON error shape.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { DevCredentials } from '../dev-credentials.ts';
import type { Faults } from '../faults.ts';
import type { FlexRouting } from '../flex-routing.ts';
import { baseUrlOf, json } from '../http/json.ts';
import { CONVERSATION_STATES, type ConversationState, type EmulatorState } from '../state.ts';
import { parseAttributes } from '../attributes.ts';
import type { JsonObject } from '../json.ts';
import { TwilioApiError, twilioError } from '../twilio-errors.ts';
import { createResources, listPage } from './resources.ts';

export interface RestDependencies {
  state: EmulatorState;
  credentials: DevCredentials;
  faults: Faults;
  routing: FlexRouting;
}

const MAX_FORM_BYTES = 1024 * 1024;

export function createRestApp(deps: RestDependencies): Hono {
  const { state, credentials } = deps;
  const resources = createResources(state, credentials);

  const authenticated: MiddlewareHandler = async (c, next) => {
    const [username, password] = basicAuth(c.req.header('authorization'));
    const valid =
      (username === credentials.accountSid && password === credentials.authToken) ||
      (username === credentials.apiKeySid && password === credentials.apiKeySecret);
    if (!valid) {
      c.header('WWW-Authenticate', 'Basic realm="Twilio API"');
      return json(c, 401, twilioError(401, 20003, 'Authenticate'));
    }
    await deps.faults.delay();
    const failure = deps.faults.takeFailure(c.req.method, c.req.path);
    if (failure) return json(c, failure.status, failure.body);
    await next();
  };

  const attributesField = (value: string | null, field: string): JsonObject | undefined => {
    if (value === null) return undefined;
    const attributes = parseAttributes(value);
    if (!attributes)
      throw new TwilioApiError(400, 20001, `Invalid ${field}: it must be a JSON object serialised as a string`);
    return attributes;
  };

  const app = new Hono();
  const formLimit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: () => {
      throw new TwilioApiError(413, 20413, 'Request body too large');
    },
  });
  for (const path of ['/flex-api/v2/WebChats', '/conversations/v1/*']) app.use(path, authenticated, formLimit);

  app.post('/flex-api/v2/WebChats', async (c) => {
    const form = await formOf(c);
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
    return json(c, 201, { conversation_sid: conversation.sid, identity });
  });
  app.all('/flex-api/v2/WebChats', () => {
    throw new TwilioApiError(405, 20004, 'WebChats accepts POST only');
  });

  const conversations = '/conversations/v1/Conversations/:sid';
  app.get(conversations, (c) =>
    json(c, 200, resources.conversation(state.requireConversation(c.req.param('sid')), baseUrlOf(c))),
  );
  app.post(conversations, async (c) => {
    const sid = c.req.param('sid');
    state.requireConversation(sid);
    const form = await formOf(c);
    const update: Parameters<EmulatorState['updateConversation']>[1] = {};
    const stateValue = form.get('State');
    if (stateValue !== null) {
      if (!CONVERSATION_STATES.includes(stateValue as ConversationState))
        throw new TwilioApiError(400, 20001, 'State must be active, inactive or closed');
      update.state = stateValue as ConversationState;
      // In the emulator only the web chat server closes conversations through REST: for the visitor.
      if (update.state === 'closed') update.endedBy = 'visitor';
    }
    const attributes = attributesField(form.get('Attributes'), 'Attributes');
    if (attributes) update.attributes = attributes;
    const friendlyName = form.get('FriendlyName');
    if (friendlyName !== null) update.friendlyName = friendlyName;
    return json(c, 200, resources.conversation(state.updateConversation(sid, update), baseUrlOf(c)));
  });

  app.get(`${conversations}/Messages`, (c) => {
    const sid = c.req.param('sid');
    state.requireConversation(sid);
    const messages = state.listMessages(sid);
    if (c.req.query('Order') === 'desc') messages.reverse();
    const base = baseUrlOf(c);
    return json(
      c,
      200,
      listPage(messages, new URL(c.req.url), 'messages', (m) => resources.message(m, base)),
    );
  });
  app.post(`${conversations}/Messages`, async (c) => {
    const sid = c.req.param('sid');
    const conversation = state.requireConversation(sid);
    const form = await formOf(c);
    if (conversation.state === 'closed')
      throw new TwilioApiError(409, 50446, `Conversation ${sid} is closed: no new messages can be added`);
    const mediaSids = form.getAll('MediaSid');
    const body = form.get('Body');
    if (body === null && mediaSids.length === 0)
      throw new TwilioApiError(400, 21602, 'Message body or MediaSid is required');
    const author = form.get('Author') || 'system';
    const message = state.addMessage(sid, {
      author,
      body,
      attributes: attributesField(form.get('Attributes'), 'Attributes') ?? {},
      mediaSids,
    });
    const webhooks = (c.req.header('x-twilio-webhook-enabled') ?? '').toLowerCase() === 'true';
    deps.routing.messagePosted(sid, author, webhooks);
    return json(c, 201, resources.message(message, baseUrlOf(c)));
  });

  app.get(`${conversations}/Participants`, (c) => {
    const sid = c.req.param('sid');
    state.requireConversation(sid);
    const base = baseUrlOf(c);
    return json(
      c,
      200,
      listPage(state.listParticipants(sid), new URL(c.req.url), 'participants', (p) => resources.participant(p, base)),
    );
  });
  app.post(`${conversations}/Participants`, async (c) => {
    const sid = c.req.param('sid');
    state.requireConversation(sid);
    const form = await formOf(c);
    const identity = form.get('Identity');
    if (!identity) throw new TwilioApiError(400, 20001, 'Missing required parameter Identity in the post body');
    const participant = state.addParticipant(sid, identity, {
      role: 'agent',
      attributes: attributesField(form.get('Attributes'), 'Attributes') ?? {},
    });
    return json(c, 201, resources.participant(participant, baseUrlOf(c)));
  });

  // The conversations an identity (a Conversations SDK user) or an address (SMS, WhatsApp…) takes part
  // in, 50 per page at most as on Twilio. The emulator's participants are all SDK users.
  app.get('/conversations/v1/ParticipantConversations', (c) => {
    const identity = c.req.query('Identity');
    const address = c.req.query('Address');
    if ((identity === undefined) === (address === undefined))
      throw new TwilioApiError(400, 20001, 'Specify exactly one of Identity or Address');
    const entries =
      identity === undefined
        ? []
        : state.conversationsOf(identity).map((conversation) => ({
            conversation,
            participant: state.requireParticipant(conversation.sid, identity),
          }));
    const base = baseUrlOf(c);
    return json(
      c,
      200,
      listPage(
        entries,
        new URL(c.req.url),
        'conversations',
        (e) => resources.participantConversation(e.participant, e.conversation, base),
        50,
      ),
    );
  });
  app.all('/conversations/v1/ParticipantConversations', () => {
    throw new TwilioApiError(405, 20004, 'ParticipantConversations accepts GET only');
  });

  for (const path of [conversations, `${conversations}/Messages`, `${conversations}/Participants`]) {
    app.all(path, (c) => {
      state.requireConversation(c.req.param('sid') ?? '');
      throw new TwilioApiError(405, 20004, `Method ${c.req.method} not allowed on ${c.req.path}`);
    });
  }
  app.all('/conversations/v1/*', (c) => {
    throw new TwilioApiError(404, 20404, `The requested resource ${c.req.path} was not found`);
  });
  return app;
}

/** The form-encoded parameters of a POST (Twilio's REST APIs take no JSON). */
async function formOf(c: Context): Promise<URLSearchParams> {
  const raw = await c.req.text();
  if (raw.length > 0 && !(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw new TwilioApiError(
      415,
      20415,
      'Send parameters form-encoded (Content-Type: application/x-www-form-urlencoded)',
    );
  }
  return new URLSearchParams(raw);
}

function basicAuth(header: string | undefined): [string, string] | [] {
  if (!header?.startsWith('Basic ')) return [];
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? [] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
