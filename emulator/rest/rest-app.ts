/**
 * Twilio's REST APIs as a site's back end or bot calls them: `POST /flex-api/v2/WebChats` and the
 * Conversations v1 resources (conversations, their messages, participants and scoped webhooks, an
 * identity's participant conversations), with HTTP Basic auth (account SID + auth token, or API
 * key SID + secret) and Twilio's JSON error shape. The routes are in the *-routes.ts modules.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { DevCredentials } from '../dev-credentials.ts';
import type { Faults } from '../faults.ts';
import type { FlexRouting } from '../flex-routing.ts';
import { baseUrlOf, json } from '../http/json.ts';
import type { EmulatorState } from '../state.ts';
import { TwilioApiError, twilioError } from '../twilio-errors.ts';
import { withEventOrigin } from '../webhooks/event-origin.ts';
import { registerConversationRoutes } from './conversations-routes.ts';
import { attributesParam, formOf, webhooksEnabled } from './form.ts';
import { registerMessageRoutes } from './messages-routes.ts';
import { registerParticipantRoutes } from './participants-routes.ts';
import { createResources, listPage } from './resources.ts';
import { CONVERSATION_PATH, conversationOf, type RouteContext } from './route-context.ts';
import { registerWebhookRoutes } from './webhooks-routes.ts';

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
    // What the call changes fires post-event webhooks only with X-Twilio-Webhook-Enabled: true.
    await withEventOrigin({ source: 'API', webhooksEnabled: webhooksEnabled(c) }, next);
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
    const preEngagement = attributesParam(form, 'PreEngagementData') ?? {};
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

  const context: RouteContext = { state, resources, routing: deps.routing };
  registerConversationRoutes(app, context);
  registerMessageRoutes(app, context);
  registerParticipantRoutes(app, context);
  registerWebhookRoutes(app, context);

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

  // A user by SID (US…) or identity, as Twilio takes either: what a back end reads for an author's
  // friendly name (the chat server's previous conversations).
  app.get('/conversations/v1/Users/:sid', (c) => {
    const key = c.req.param('sid');
    const user = state.getUser(key) ?? state.findUserBySid(key);
    if (!user) throw new TwilioApiError(404, 20404, `The requested resource ${c.req.path} was not found`);
    return json(c, 200, resources.user(user, baseUrlOf(c)));
  });

  app.all('/conversations/v1/Conversations', (c) => {
    throw new TwilioApiError(405, 20004, `Method ${c.req.method} not allowed on ${c.req.path}`);
  });
  for (const path of [
    CONVERSATION_PATH,
    `${CONVERSATION_PATH}/Messages`,
    `${CONVERSATION_PATH}/Messages/:messageSid`,
    `${CONVERSATION_PATH}/Participants`,
    `${CONVERSATION_PATH}/Participants/:participant`,
    `${CONVERSATION_PATH}/Webhooks`,
    `${CONVERSATION_PATH}/Webhooks/:webhookSid`,
  ]) {
    app.all(path, (c) => {
      conversationOf(context, c.req.param('sid'));
      throw new TwilioApiError(405, 20004, `Method ${c.req.method} not allowed on ${c.req.path}`);
    });
  }
  app.all('/conversations/v1/*', (c) => {
    throw new TwilioApiError(404, 20404, `The requested resource ${c.req.path} was not found`);
  });
  return app;
}

function basicAuth(header: string | undefined): [string, string] | [] {
  if (!header?.startsWith('Basic ')) return [];
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? [] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
