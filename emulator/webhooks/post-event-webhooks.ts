/**
 * Delivers Twilio Conversations' post-event webhooks (post-events.ts) to the emulator's global
 * webhook URL (`--webhook-url` / `EMULATOR_WEBHOOK_URL`: every post-event, like a service's
 * post-event URL) and to conversation-scoped webhooks (their Filters, or Triggers' keywords),
 * form-encoded (or as a GET query) and signed with `X-Twilio-Signature` as Twilio signs them.
 *
 * Never in the caller's way: deliveries start after the change and run in the background, in
 * order per URL. Each attempt times out after 5 s (Conversations webhooks' limit). Retries follow
 * Twilio's webhook connection overrides: by default one retry when the connection fails; a URL
 * fragment `#rc=N&rp=ct,rt,4xx,5xx|all` sets the count (0–5) and the failures retried. A retry
 * carries `RetryCount`.
 */
import type { DevCredentials } from '../dev-credentials.ts';
import type { ConversationWebhookRecord, EmulatorState } from '../state.ts';
import { currentEventOrigin } from './event-origin.ts';
import { postEventsOf, type PostEvent } from './post-events.ts';
import { twilioSignature } from './signature.ts';

export const WEBHOOK_TIMEOUT_MS = 5000;
const RETRY_DELAY_MS = 500;
const RETRY_POLICIES = ['ct', 'rt', '4xx', '5xx'] as const;
type RetryPolicy = (typeof RETRY_POLICIES)[number];

export interface PostEventWebhooksOptions {
  state: EmulatorState;
  credentials: DevCredentials;
  /** Receives every post-event of every conversation. */
  globalUrl?: string;
  log?: (line: string) => void;
}

interface Target {
  url: string;
  method: 'get' | 'post';
}

/** A webhook URL with Twilio's connection overrides (`#rc=…&rp=…`) read off it. */
export interface ParsedWebhookUrl {
  /** The URL called and signed: without the fragment. */
  url: string;
  retryCount: number;
  retryOn: ReadonlySet<RetryPolicy>;
}

export function parseWebhookUrl(raw: string): ParsedWebhookUrl {
  const hash = raw.indexOf('#');
  const overrides = new URLSearchParams(hash < 0 ? '' : raw.slice(hash + 1));
  const rc = Number(overrides.get('rc') ?? 1);
  const rp = (overrides.get('rp') ?? 'ct').split(',');
  return {
    url: hash < 0 ? raw : raw.slice(0, hash),
    retryCount: Number.isInteger(rc) ? Math.min(5, Math.max(0, rc)) : 1,
    retryOn: new Set(rp.includes('all') ? RETRY_POLICIES : RETRY_POLICIES.filter((p) => rp.includes(p))),
  };
}

export class PostEventWebhooks {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(private readonly options: PostEventWebhooksOptions) {
    options.state.onEvent((event) => {
      const origin = currentEventOrigin();
      if (!origin.webhooksEnabled || this.abort.signal.aborted) return;
      for (const postEvent of postEventsOf(event, origin, options.state, options.credentials))
        for (const target of this.targetsOf(postEvent)) this.enqueue(target, postEvent);
    });
  }

  /** Stops every delivery under way and every retry to come. */
  close(): void {
    this.abort.abort();
  }

  private targetsOf(event: PostEvent): Target[] {
    const targets: Target[] = this.options.globalUrl ? [{ url: this.options.globalUrl, method: 'post' }] : [];
    for (const webhook of this.options.state.listWebhooks(event.conversationSid))
      if (webhook.url && receives(webhook, event)) targets.push({ url: webhook.url, method: webhook.method });
    return targets;
  }

  private enqueue(target: Target, event: PostEvent): void {
    const previous = this.queues.get(target.url) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(target, event));
    this.queues.set(target.url, next);
    void next.finally(() => {
      if (this.queues.get(target.url) === next) this.queues.delete(target.url);
    });
  }

  private async deliver(target: Target, event: PostEvent): Promise<void> {
    const { url, retryCount, retryOn } = parseWebhookUrl(target.url);
    for (let attempt = 0; attempt <= retryCount && !this.abort.signal.aborted; attempt++) {
      if (attempt > 0) await delay(RETRY_DELAY_MS, this.abort.signal);
      const params = attempt === 0 ? event.params : { ...event.params, RetryCount: String(attempt) };
      const failure = await this.attempt(url, target.method, params);
      if (failure === undefined) return;
      const last = attempt === retryCount || !retryOn.has(failure.policy);
      if (last) {
        if (!this.abort.signal.aborted)
          this.options.log?.(`emulator: webhook ${event.type} to ${url} failed: ${failure.reason}`);
        return;
      }
    }
  }

  /** One request; what went wrong (and which retry policy covers it), or undefined on a 2xx. */
  private async attempt(
    url: string,
    method: 'get' | 'post',
    params: Record<string, string>,
  ): Promise<{ policy: RetryPolicy; reason: string } | undefined> {
    const query = new URLSearchParams(params).toString();
    const requestUrl = method === 'get' ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
    const signature = twilioSignature(this.options.credentials.authToken, requestUrl, method === 'get' ? {} : params);
    const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(requestUrl, {
        method: method.toUpperCase(),
        headers: {
          'X-Twilio-Signature': signature,
          'User-Agent': 'TwilioProxy/1.1',
          ...(method === 'post' ? { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' } : {}),
        },
        ...(method === 'post' ? { body: query } : {}),
        signal: AbortSignal.any([timeout, this.abort.signal]),
      });
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      const timedOut = timeout.aborted;
      return {
        policy: timedOut ? 'rt' : 'ct',
        reason: timedOut ? `no answer within ${WEBHOOK_TIMEOUT_MS} ms` : `could not connect (${describe(error)})`,
      };
    }
    if (response.ok) return undefined;
    return { policy: response.status >= 500 ? '5xx' : '4xx', reason: `answered ${response.status}` };
  }
}

/** Whether a conversation-scoped webhook takes this event. */
function receives(webhook: ConversationWebhookRecord, event: PostEvent): boolean {
  if (webhook.target === 'webhook') return webhook.filters.includes(event.type);
  if (webhook.target === 'trigger') {
    if (event.type !== 'onMessageAdded') return false;
    const words = (event.messageBody ?? '').toLowerCase().split(/[^\p{L}\p{N}_-]+/u);
    return webhook.triggers.some((trigger) => words.includes(trigger.toLowerCase()));
  }
  return false; // studio: the emulator runs no Studio flows
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
