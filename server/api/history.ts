/**
 * POST /api/webchat/history — a verified customer's previous (closed) conversations.
 * POST /api/webchat/history/conversation — one of them, read-only, with its messages.
 *
 * The identity token (HS256 with IDENTITY_SECRET, as at init) is the only proof of who asks: the
 * conversations are those of the stable identity derived from its `sub`, never of an identity or a
 * conversation the browser names. Without IDENTITY_SECRET there are no verified customers: 404.
 */
import { Hono } from 'hono';
import type { HistoryAnswer } from '../../contracts/previous-conversations.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';
import { previousConversation, previousConversationsOf } from '../identity/previous-conversations.ts';
import { customerIdentity, verifiedCustomerOf } from '../identity/verified-customer.ts';
import type { HmacFactory } from '../tokens/hmac.ts';
import type { UpstreamClient } from '../twilio/upstream.ts';
import { parseHistoryRequest, parsePastConversationRequest } from './validation.ts';

export interface HistoryRouteDeps {
  config: ServerConfig;
  upstream: UpstreamClient;
  hmac: HmacFactory;
  /** Seconds since the epoch. */
  now: () => number;
}

interface Env {
  Variables: { body: unknown; requestId: string };
}

export function historyRoutes({ config, upstream, hmac, now }: HistoryRouteDeps): Hono<Env> {
  const routes = new Hono<Env>();

  /** The stable Conversations identity of the customer the token vouches for (401 otherwise). */
  const customerOf = async (identityToken: string): Promise<string> => {
    const secret = config.identity.secret;
    if (secret === undefined)
      throw new HttpError(404, 'not_found', 'This chat server has no verified customers (no IDENTITY_SECRET).');
    const customer = await verifiedCustomerOf(identityToken, { config: config.identity, hmac, now: now() });
    if (!customer) throw new HttpError(401, 'identity_required', 'identityToken is required.');
    return customerIdentity(customer.sub, secret, hmac);
  };

  routes.post('/', async (c) => {
    const request = parseHistoryRequest(c.get('body'));
    const identity = await customerOf(request.identityToken);
    const answer: HistoryAnswer = { conversations: await previousConversationsOf(upstream, config, identity) };
    return c.json(answer);
  });

  routes.post('/conversation', async (c) => {
    const request = parsePastConversationRequest(c.get('body'));
    const identity = await customerOf(request.identityToken);
    return c.json(await previousConversation(upstream, config, identity, request.conversationSid));
  });

  return routes;
}
