/**
 * A tiny test server for the built widget: dist/public/widget.html (config marker replaced,
 * served under a strict CSP), /assets/*, and scripted /api/webchat/init + /token answers.
 * With `scripted: true` the SDK chunk is replaced by a bundle of the scripted stand-in back
 * end (support/page-backend.ts), for fast UI tests; test/e2e/ runs the real stack.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WIDGET_CONFIG, type WidgetConfig } from '../../../contracts/widget-config.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const publicDir = join(root, 'dist', 'public');

/** The CSP the widget page must live under (the real server adds its Twilsock and media hosts). */
export function widgetCsp(connectSrc: string[] = []): string {
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self' ${connectSrc.join(' ')}; base-uri 'none'; form-action 'none'`;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface WidgetTestServer {
  url: string;
  /** Answers for the next /api/webchat/init calls (then the default grant). */
  initAnswers: ApiAnswer[];
  tokenAnswers: ApiAnswer[];
  requests: { path: string; body: unknown }[];
  lazyChunks: string[];
  close(): Promise<void>;
}

let backendBundle: Promise<string> | undefined;
function pageBackend(): Promise<string> {
  backendBundle ??= build({
    entryPoints: [fileURLToPath(new URL('./page-backend.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    write: false,
    target: 'es2020',
  }).then((r) => r.outputFiles[0]!.text);
  return backendBundle;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });
}

let grants = 0;
export function defaultGrant() {
  grants += 1;
  return {
    token: `token-${grants}`,
    identity: `visitor-${grants}`,
    conversationSid: `CH${String(grants).padStart(32, '0')}`,
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  };
}

export async function startWidgetServer(
  options: { config?: WidgetConfig; scripted?: boolean; connectSrc?: string[] } = {},
): Promise<WidgetTestServer> {
  const html = readFileSync(join(publicDir, 'widget.html'), 'utf8');
  const lazyChunks = /name="flex-webchat-prefetch" content="([^"]*)"/.exec(html)?.[1]?.split(' ').filter(Boolean) ?? [];
  const sdkChunk = lazyChunks.find((c) => c.includes('/sdk-session-'));
  const config = options.config ?? DEFAULT_WIDGET_CONFIG;
  const page = html.replace(
    '<!--flex-webchat-config-->',
    `<script type="application/json" id="flex-webchat-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`,
  );
  const backend = options.scripted ? await pageBackend() : undefined;
  const state: WidgetTestServer = {
    url: '',
    initAnswers: [],
    tokenAnswers: [],
    requests: [],
    lazyChunks,
    close: async () => undefined,
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname.startsWith('/api/webchat/')) {
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      state.requests.push({ path: url.pathname, body });
      const queue = url.pathname === '/api/webchat/init' ? state.initAnswers : state.tokenAnswers;
      const answer = queue.shift() ?? { status: url.pathname.endsWith('/init') ? 201 : 200, body: defaultGrant() };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
      return;
    }
    if (url.pathname === '/widget') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': widgetCsp(options.connectSrc),
      });
      res.end(page);
      return;
    }
    if (url.pathname.startsWith('/assets/') && !url.pathname.includes('..')) {
      if (backend && url.pathname === sdkChunk) {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(backend);
        return;
      }
      try {
        const file = readFileSync(join(publicDir, url.pathname));
        res.writeHead(200, { 'content-type': url.pathname.endsWith('.css') ? 'text/css' : 'text/javascript' });
        res.end(file);
      } catch {
        res.writeHead(404).end();
      }
      return;
    }
    res.writeHead(404).end();
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
