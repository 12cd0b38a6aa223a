/**
 * A local stand-in for Cloudflare Turnstile, for the tests and the emulator stack (point
 * TURNSTILE_SCRIPT_URL and TURNSTILE_VERIFY_URL at it). It follows Turnstile's documented
 * surfaces, not its internals:
 *   GET  /turnstile/v0/api.js       the client API: window.turnstile.render(el, { sitekey, callback,
 *                                   'error-callback', 'expired-callback', … }) → widget id; reset, remove,
 *                                   getResponse, isExpired, ready. Each widget is an iframe from this origin.
 *   GET  /turnstile/v0/frame        that iframe: by sitekey (Cloudflare's testing sitekeys) it passes,
 *                                   blocks (error-callback), or asks the visitor to tick a box first.
 *   POST /turnstile/v0/siteverify   form-encoded (or JSON) `secret`, `response`, `remoteip` → JSON
 *                                   `{ success, "error-codes", challenge_ts?, hostname? }` (testing secrets).
 * Unlike Cloudflare's testing keys, which accept a dummy token, the passing secret accepts only
 * tokens this stand-in issued, once each (a replay is `timeout-or-duplicate`, as in production).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Cloudflare's testing sitekeys and secrets (developers.cloudflare.com/turnstile/troubleshooting/testing/). */
export const TURNSTILE_TEST_KEYS = {
  /** Visible widget, always passes. */
  passingSiteKey: '1x00000000000000000000AA',
  /** Visible widget, always blocks (error-callback). */
  blockingSiteKey: '2x00000000000000000000AB',
  /** Forces an interactive challenge: the visitor ticks "Verify you are human". */
  interactiveSiteKey: '3x00000000000000000000FF',
  /** siteverify passes (for tokens the stand-in issued, once each). */
  passingSecret: '1x0000000000000000000000000000000AA',
  /** siteverify always fails. */
  failingSecret: '2x0000000000000000000000000000000AA',
} as const;

/** One siteverify request, as received. */
export interface Verification {
  contentType: string;
  secret: string;
  response: string;
  remoteip: string;
  answer: { success: boolean; 'error-codes': string[] };
}

const CLIENT_API = `(() => {
  const origin = new URL(document.currentScript.src).origin;
  const widgets = new Map();
  let next = 0;
  addEventListener('message', (event) => {
    const data = event.data;
    if (event.origin !== origin || !data || data.source !== 'turnstile-stand-in') return;
    const widget = widgets.get(data.widgetId);
    if (!widget) return;
    if (data.event === 'success') {
      widget.token = data.token;
      widget.options.callback?.(data.token);
    } else if (data.event === 'error') {
      widget.token = undefined;
      if (!widget.options['error-callback']?.(data.code)) throw new Error('[Cloudflare Turnstile] Error: ' + data.code + '.');
    }
  });
  const frame = (id) => {
    const widget = widgets.get(id);
    const iframe = document.createElement('iframe');
    iframe.src = origin + '/turnstile/v0/frame?sitekey=' + encodeURIComponent(widget.options.sitekey) + '&widget=' + id;
    iframe.title = 'Widget containing a Cloudflare security challenge';
    iframe.width = '300';
    iframe.height = '65';
    widget.element.replaceChildren(iframe);
  };
  window.turnstile = {
    render(container, options) {
      const element = typeof container === 'string' ? document.querySelector(container) : container;
      if (!element || !options || typeof options.sitekey !== 'string') return undefined;
      const id = 'cf-chl-widget-' + next++;
      widgets.set(id, { element, options, token: undefined });
      frame(id);
      return id;
    },
    reset(id) {
      if (!widgets.has(id)) return;
      widgets.get(id).token = undefined;
      frame(id);
    },
    remove(id) {
      widgets.get(id)?.element.replaceChildren();
      widgets.delete(id);
    },
    getResponse(id) {
      return widgets.get(id)?.token;
    },
    isExpired() {
      return false;
    },
    ready(callback) {
      callback();
    },
  };
})();
`;

function framePage(siteKey: string, widgetId: string, token: string): string {
  const post = (event: Record<string, string>) =>
    `parent.postMessage(${JSON.stringify({ source: 'turnstile-stand-in', widgetId, ...event })}, '*')`;
  let body: string;
  let script: string;
  switch (siteKey) {
    case TURNSTILE_TEST_KEYS.passingSiteKey:
    case '1x00000000000000000000BB': // invisible, passes
      body = '<p>Success!</p>';
      script = `setTimeout(() => ${post({ event: 'success', token })}, 50);`;
      break;
    case TURNSTILE_TEST_KEYS.blockingSiteKey:
    case '2x00000000000000000000BB': // invisible, blocks
      body = '<p>Verification failed</p>';
      script = `setTimeout(() => ${post({ event: 'error', code: '600010' })}, 50);`;
      break;
    case TURNSTILE_TEST_KEYS.interactiveSiteKey:
      body = '<label><input type="checkbox" id="check"> Verify you are human</label>';
      script = `document.getElementById('check').addEventListener('change', () => ${post({ event: 'success', token })});`;
      break;
    default:
      body = '<p>Invalid sitekey</p>';
      script = post({ event: 'error', code: '110100' });
  }
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Turnstile stand-in</title><body>${body}<script>${script}</script></body></html>`;
}

export class TurnstileStandIn {
  readonly verifications: Verification[] = [];
  private readonly issued = new Set<string>();
  private readonly spent = new Set<string>();
  private server: Server | undefined;
  url = '';

  get scriptUrl(): string {
    return `${this.url}/turnstile/v0/api.js`;
  }

  get verifyUrl(): string {
    return `${this.url}/turnstile/v0/siteverify`;
  }

  /** TURNSTILE_* for a server that uses this stand-in. */
  env(keys: { siteKey: string; secretKey: string }): Record<string, string> {
    return {
      TURNSTILE_SITE_KEY: keys.siteKey,
      TURNSTILE_SECRET_KEY: keys.secretKey,
      TURNSTILE_SCRIPT_URL: this.scriptUrl,
      TURNSTILE_VERIFY_URL: this.verifyUrl,
    };
  }

  /** A token as the frame hands out, for tests that call the API without a browser. */
  issueToken(): string {
    const token = `stand-in.${randomBytes(16).toString('base64url')}`;
    this.issued.add(token);
    return token;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, type, body }) => {
        res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; type: string; body: string }> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/turnstile/v0/api.js')
      return { status: 200, type: 'text/javascript; charset=utf-8', body: CLIENT_API };
    if (req.method === 'GET' && url.pathname === '/turnstile/v0/frame') {
      const token = this.issueToken();
      const page = framePage(url.searchParams.get('sitekey') ?? '', url.searchParams.get('widget') ?? '', token);
      return { status: 200, type: 'text/html; charset=utf-8', body: page };
    }
    if (req.method === 'POST' && url.pathname === '/turnstile/v0/siteverify') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const contentType = req.headers['content-type'] ?? '';
      const fields: Record<string, unknown> = contentType.includes('application/json')
        ? (JSON.parse(text) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(text));
      const field = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '');
      const verification: Verification = {
        contentType,
        secret: field('secret'),
        response: field('response'),
        remoteip: field('remoteip'),
        answer: this.verify(field('secret'), field('response')),
      };
      this.verifications.push(verification);
      const answer = verification.answer.success
        ? {
            ...verification.answer,
            challenge_ts: new Date().toISOString(),
            hostname: 'localhost',
            action: '',
            cdata: '',
          }
        : verification.answer;
      return { status: 200, type: 'application/json', body: JSON.stringify(answer) };
    }
    return { status: 404, type: 'text/plain', body: 'Not found' };
  }

  private verify(secret: string, response: string): Verification['answer'] {
    const fail = (code: string) => ({ success: false, 'error-codes': [code] });
    if (!secret) return fail('missing-input-secret');
    if (!response) return fail('missing-input-response');
    if (secret === TURNSTILE_TEST_KEYS.failingSecret) return fail('invalid-input-response');
    if (secret !== TURNSTILE_TEST_KEYS.passingSecret) return fail('invalid-input-secret');
    if (this.spent.has(response)) return fail('timeout-or-duplicate');
    if (!this.issued.has(response)) return fail('invalid-input-response');
    this.spent.add(response);
    return { success: true, 'error-codes': [] };
  }
}
