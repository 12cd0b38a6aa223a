/**
 * Who caused the change being made, for Twilio's post-event webhooks: their `Source` (`API` for
 * REST calls, `SDK` for Conversations clients) and `ClientIdentity`, and whether webhooks fire at
 * all (a REST call fires them only with `X-Twilio-Webhook-Enabled: true`, as on Twilio). The
 * caller runs its work inside `withEventOrigin`; the domain stays unaware of it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface EventOrigin {
  source: 'API' | 'SDK';
  /** The SDK user who acted, when known. */
  clientIdentity?: string;
  webhooksEnabled: boolean;
}

/** Outside any request (the agent console, Flex's auto-agent): Flex's own SDK clients acting. */
const FLEX_CLIENT: EventOrigin = Object.freeze({ source: 'SDK', webhooksEnabled: true });

const storage = new AsyncLocalStorage<EventOrigin>();

export function withEventOrigin<T>(origin: EventOrigin, work: () => T): T {
  return storage.run(origin, work);
}

/** Flex acting on its own (a timer set during a request must not inherit that request's origin). */
export function asFlex<T>(work: () => T): T {
  return storage.run(FLEX_CLIENT, work);
}

export function currentEventOrigin(): EventOrigin {
  return storage.getStore() ?? FLEX_CLIENT;
}
