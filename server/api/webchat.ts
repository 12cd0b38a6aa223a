/**
 * POST /api/webchat/init — start a Flex web chat for a visitor and hand them a token.
 * POST /api/webchat/token — refresh the token of a visitor whose conversation is still open.
 * POST /api/webchat/recent — that visitor's latest messages, while the widget's SDK connects.
 * POST /api/webchat/end — the visitor ends the chat: the conversation is closed.
 * POST /api/webchat/feedback — the post-chat survey: forwarded to the site owner's webhook.
 */
import { Hono, type Context } from 'hono';
import type {
  EndAnswer,
  FeedbackAnswer,
  FeedbackWebhookBody,
  PreEngagementValue,
  SessionGrant,
  TokenRequest,
} from '../../contracts/webchat-api.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';
import { runInBackground } from '../background.ts';
import type { LogSink } from '../middleware/request-log.ts';
import { mintAccessToken, verifyAccessToken } from '../tokens/access-token.ts';
import type { HmacFactory } from '../tokens/hmac.ts';
import { createWebChat, type PreEngagementData } from '../twilio/flex.ts';
import { closeConversation, conversationMessages, findParticipation, postMessage } from '../twilio/conversations.ts';
import { RECENT_LIMIT, type RecentAnswer } from '../../contracts/recent-messages.ts';
import { readOnlyMessages } from '../identity/previous-conversations.ts';
import type { HttpTransport, UpstreamClient } from '../twilio/upstream.ts';
import { deliverFeedback } from '../feedback/webhook.ts';
import type { ConversationState } from '../../contracts/conversation.ts';
import { parseFeedbackRequest, parseInitRequest, parseTokenRequest } from './validation.ts';
import { applyBusinessHours, OutsideBusinessHoursError } from '../business-hours.ts';
import type { BotCheck } from './turnstile.ts';
import { CONTEXT_KEY } from './context.ts';
import { openConversationOf } from '../identity/returning-customer.ts';
import { customerIdentity, verifiedCustomerOf, withVerifiedCustomer } from '../identity/verified-customer.ts';

export interface WebchatRouteDeps {
  config: ServerConfig;
  upstream: UpstreamClient;
  /** How the server reaches FEEDBACK_WEBHOOK_URL (the transport it reaches Twilio with). */
  transport: HttpTransport;
  log: LogSink;
  /** Seconds since the epoch. */
  now: () => number;
  hmac: HmacFactory;
  /** Turnstile's siteverify, when configured (api/turnstile.ts). */
  botCheck?: BotCheck;
  /** The client's address (siteverify's `remoteip`). */
  clientAddress: (c: Context) => string;
}

/** The refusal for a conversation that is closed or that Twilio no longer knows (refresh, recent). */
const conversationEnded = (): HttpError =>
  new HttpError(401, 'session_expired', 'This conversation has ended. Please start a new chat.');

/** How far in the future a token's `iat` may lie (clock differences between server instances). */
export const MAX_CLOCK_SKEW_SECONDS = 60;

interface Env {
  Variables: { body: unknown; requestId: string };
}

export function webchatRoutes({
  config,
  upstream,
  transport,
  log,
  now,
  hmac,
  botCheck,
  clientAddress,
}: WebchatRouteDeps): Hono<Env> {
  const routes = new Hono<Env>();

  const mint = (identity: string) =>
    mintAccessToken({
      accountSid: config.accountSid,
      apiKeySid: config.apiKeySid,
      apiKeySecret: config.apiKeySecret,
      identity,
      serviceSid: config.conversationsServiceSid,
      ttlSeconds: config.tokenTtlSeconds,
      issuedAt: now(),
      hmac,
      region: config.twilioRegion,
    });

  routes.post('/init', async (c) => {
    const request = parseInitRequest(c.get('body'));
    const customer = await verifiedCustomerOf(request.identityToken, { config: config.identity, hmac, now: now() });
    // Studio reads the question as pre_engagement_data.question, so it keeps that key.
    const fields: Record<string, PreEngagementValue> = {
      ...request.preEngagementData,
      friendlyName: request.friendlyName,
    };
    if (request.question !== undefined) fields.question = request.question;
    const identity = customer && (await customerIdentity(customer.sub, config.identity.secret!, hmac));
    // Refusals before anything reaches Twilio: outside business hours (or the after_hours mark), then
    // the bot check. A verified customer may still be in a chat that began in hours: that one goes
    // on (the refusal waits for the look-up below, the only call made before it).
    let closedNow: OutsideBusinessHoursError | undefined;
    try {
      applyBusinessHours(config.businessHours, now() * 1000, fields);
    } catch (error) {
      if (!(identity !== undefined && error instanceof OutsideBusinessHoursError)) throw error;
      closedNow = error;
    }
    if (botCheck) await botCheck((c.get('body') as { turnstileToken?: unknown }).turnstileToken, clientAddress(c));
    const form: PreEngagementData =
      request.context === undefined ? fields : { ...fields, [CONTEXT_KEY]: request.context };
    const { data: preEngagementData, friendlyName } = withVerifiedCustomer(form, request.friendlyName, customer);
    // A verified customer whose chat is still open (another browser, another device) resumes it.
    const open = identity === undefined ? undefined : await openConversationOf(upstream, config, identity);
    if (closedNow && open === undefined) throw closedNow;
    if (identity !== undefined && open !== undefined) {
      if (request.question !== undefined) {
        await postMessage(upstream, config, open, { author: identity, body: request.question, webhooksEnabled: true });
      }
      const { token, expiresAt } = await mint(identity);
      const resumed: SessionGrant = { token, identity, conversationSid: open, expiresAt: expiresAt.toISOString() };
      return c.json(resumed, 200);
    }
    // Round trip 1: Flex creates the conversation with the pre-engagement data in its attributes.
    const chat = await createWebChat(upstream, config, {
      customerFriendlyName: friendlyName,
      preEngagementData,
      ...(identity !== undefined ? { identity } : {}),
    });
    /** A background step after the answer failed: logged with the request and the conversation. */
    const logFailure = (event: string, error: unknown): void =>
      log({
        time: new Date().toISOString(),
        level: 'error',
        requestId: c.get('requestId'),
        event,
        conversationSid: chat.conversationSid,
        message: error instanceof Error ? error.message : String(error),
      });
    // Round trip 2: the question, with webhooks on (this is what triggers the Studio flow). The token is minted meanwhile.
    const question = request.question
      ? postMessage(upstream, config, chat.conversationSid, {
          author: chat.identity,
          body: request.question,
          webhooksEnabled: true,
        })
      : Promise.resolve();
    const [{ token, expiresAt }] = await Promise.all([mint(chat.identity), question]).catch((error: unknown) => {
      // Flex created the conversation but the question failed: close it rather than leave an
      // active conversation with a customer and no message (one more on every Retry). Closing is
      // stateless and safe; reusing it on a retry would mean trusting a conversation SID sent back
      // by an unauthenticated client (it has no token yet), or keeping server-side state, which
      // Workers do not have. Best effort, in the background; the visitor gets the original error.
      runInBackground(
        c,
        closeConversation(upstream, config, chat.conversationSid).then(() =>
          log({
            time: new Date().toISOString(),
            level: 'info',
            requestId: c.get('requestId'),
            event: 'orphan_conversation_closed',
            conversationSid: chat.conversationSid,
          }),
        ),
        (closeError) => logFailure('orphan_conversation_close_failed', closeError),
      );
      throw error;
    });
    // The welcome follows the question but the visitor does not wait for it.
    if (config.welcomeMessage !== '') {
      // A replacer function: `$&`, `$'`, `$$`… in a name are text, not replacement patterns.
      const body = config.welcomeMessage.replaceAll('{name}', () => friendlyName);
      runInBackground(
        c,
        postMessage(upstream, config, chat.conversationSid, {
          author: config.welcomeAuthor,
          body,
          webhooksEnabled: false,
        }),
        (error) => logFailure('welcome_message_failed', error),
      );
    }
    const grant: SessionGrant = {
      token,
      identity: chat.identity,
      conversationSid: chat.conversationSid,
      expiresAt: expiresAt.toISOString(),
    };
    return c.json(grant, 201);
  });

  /**
   * The checks of every request that acts for a visitor who holds a token: its signature, not issued in
   * the future, the resume window, a conversation Twilio knows, and the token's identity one of its
   * participants.
   */
  const visitorOf = async (request: TokenRequest): Promise<{ identity: string; state: ConversationState }> => {
    const identity = await signedIdentityOf(request);
    return { identity, state: await participationOf(identity, request.conversationSid) };
  };

  /** The token's own checks, without Twilio: its signature, not from the future, the resume window. */
  const signedIdentityOf = async (request: TokenRequest): Promise<string> => {
    const verified = await verifyAccessToken(request.token, {
      apiKeySid: config.apiKeySid,
      apiKeySecret: config.apiKeySecret,
      accountSid: config.accountSid,
      serviceSid: config.conversationsServiceSid,
      hmac,
    });
    if (!verified.ok)
      throw new HttpError(401, 'invalid_token', 'This chat session is not valid here. Please start a new chat.');
    const { claims } = verified;
    // Our own clock minted it: one from the future was not (beyond a little skew between instances).
    if (claims.iat > now() + MAX_CLOCK_SKEW_SECONDS) {
      throw new HttpError(401, 'invalid_token', 'This chat session is not valid here. Please start a new chat.');
    }
    if (claims.exp + config.resumeWindowSeconds < now()) {
      throw new HttpError(401, 'session_expired', 'This chat session has expired. Please start a new chat.');
    }
    return claims.grants.identity;
  };

  /** The conversation's state if `identity` is one of its participants (401 otherwise). */
  const participationOf = async (identity: string, conversationSid: string): Promise<ConversationState> => {
    // One request to Twilio, and never a cached answer: the first refresh after a conversation
    // was closed must be refused, and Twilio (not this server) closes it.
    const participation = await findParticipation(upstream, config, identity, conversationSid);
    if (participation.kind === 'unknown_conversation') {
      throw conversationEnded();
    }
    if (participation.kind === 'not_participant') {
      throw new HttpError(
        401,
        'invalid_token',
        'This chat session does not belong to that conversation. Please start a new chat.',
      );
    }
    return participation.state;
  };

  routes.post('/token', async (c) => {
    const request = parseTokenRequest(c.get('body'));
    const { identity, state } = await visitorOf(request);
    if (state === 'closed') {
      throw conversationEnded();
    }
    const { token, expiresAt } = await mint(identity);
    const grant: SessionGrant = {
      token,
      identity,
      conversationSid: request.conversationSid,
      expiresAt: expiresAt.toISOString(),
    };
    return c.json(grant);
  });

  /**
   * The latest messages of the visitor's open conversation, to show while the SDK connects: the same
   * checks as a refresh (a closed conversation is refused the same way), then one page, newest first,
   * with its authors' names (no identities).
   */
  routes.post('/recent', async (c) => {
    const request = parseTokenRequest(c.get('body'));
    const identity = await signedIdentityOf(request);
    // The page is asked for beside the participation check (one round trip to Twilio less for a
    // visitor waiting to see their chat), and used only once the check has passed.
    const [participation, page] = await Promise.allSettled([
      participationOf(identity, request.conversationSid),
      conversationMessages(
        upstream,
        config,
        request.conversationSid,
        "reading the visitor's latest messages",
        RECENT_LIMIT,
        'desc',
      ),
    ]);
    if (participation.status === 'rejected') throw participation.reason;
    if (participation.value === 'closed') {
      throw conversationEnded();
    }
    if (page.status === 'rejected') throw page.reason;
    const latest = page.value;
    const answer: RecentAnswer = {
      conversationSid: request.conversationSid,
      messages: await readOnlyMessages(upstream, config, identity, latest.reverse()),
    };
    return c.json(answer);
  });

  routes.post('/end', async (c) => {
    const request = parseTokenRequest(c.get('body'));
    const { state } = await visitorOf(request);
    // Ending an ended chat is not an error (a second tab, a retried request): it is closed either way.
    if (state !== 'closed') await closeConversation(upstream, config, request.conversationSid);
    const answer: EndAnswer = { status: 'closed' };
    return c.json(answer);
  });

  routes.post('/feedback', async (c) => {
    const webhook = config.feedback;
    if (!webhook) throw new HttpError(404, 'not_found', 'This chat server does not collect feedback.');
    const request = parseFeedbackRequest(c.get('body'));
    // As for a refresh, but a closed conversation is what a survey follows: any state is accepted.
    const { identity } = await visitorOf(request);
    const feedback: FeedbackWebhookBody = {
      conversationSid: request.conversationSid,
      identity,
      rating: request.rating,
      comment: request.comment ?? null,
      submittedAt: new Date(now() * 1000).toISOString(),
    };
    const delivery = await deliverFeedback(transport, webhook, feedback, config.upstreamTimeoutMs);
    if (!delivery.delivered) {
      // The webhook's address and answers are the site owner's business: only the log has them.
      log({
        time: new Date().toISOString(),
        level: 'error',
        requestId: c.get('requestId'),
        event: 'feedback_webhook_failed',
        conversationSid: request.conversationSid,
        message: delivery.detail,
      });
      throw new HttpError(502, 'upstream_error', 'Your feedback could not be sent. Please try again in a moment.');
    }
    const answer: FeedbackAnswer = { status: 'received' };
    return c.json(answer);
  });

  return routes;
}
