/**
 * The demo host site of `npm start`: a plain page on its own origin (DEMO_PORT, default 3000),
 * served with a strict CSP, that embeds the widget with the one-line snippet.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DemoHostOptions {
  port: number;
  host?: string;
  /** The chat server's origin (where loader.js lives), e.g. http://localhost:8787. */
  serverOrigin: string;
  /** Link to the agent console. */
  agentConsoleUrl: string;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:.2rem}pre{background:#f3f4f6;padding:1rem;overflow:auto}`;

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export function demoPage(options: DemoHostOptions): string {
  const loader = `${options.serverOrigin}/loader.js`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo shop: Flex Webchat</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<h1>Demo shop</h1>
<p>This page stands for your web site. It lives on its own origin and is served with a strict
Content-Security-Policy (no inline scripts or styles, Trusted Types required), yet the chat
works: the widget needs only this one line.</p>
<pre><code>${escapeHtml(`<script src="${loader}" async></script>`)}</code></pre>
<p>Open the chat with the button at the bottom right. Behind it runs the local Flex emulator:
an agent answers in about a second. To answer yourself, open the
<a href="${escapeHtml(options.agentConsoleUrl)}">agent console</a>.</p>
<script src="${escapeHtml(loader)}" async></script>
</body>
</html>`;
}

export function demoCsp(serverOrigin: string): string {
  return `default-src 'none'; script-src 'self' ${serverOrigin}; frame-src ${serverOrigin}; style-src 'self'; require-trusted-types-for 'script'`;
}

export interface RunningDemoHost {
  url: string;
  server: Server;
  /** Points the page at another chat server (tests start the host before the server). */
  setServerOrigin(origin: string): void;
  close(): Promise<void>;
}

export async function startDemoHost(initial: DemoHostOptions): Promise<RunningDemoHost> {
  const options = { ...initial };
  let page = demoPage(options);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://demo.local').pathname;
    const common = {
      'Content-Security-Policy': demoCsp(options.serverOrigin),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cache-Control': 'no-cache',
    };
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, { ...common, 'Content-Type': 'text/html; charset=utf-8' });
      response.end(page);
    } else if (path === '/style.css') {
      response.writeHead(200, { ...common, 'Content-Type': 'text/css; charset=utf-8' });
      response.end(STYLE);
    } else {
      response.writeHead(404, { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    server,
    setServerOrigin(origin) {
      options.serverOrigin = origin;
      page = demoPage(options);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
