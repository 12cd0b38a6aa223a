/**
 * Serves the agent console (built by `npm run build` into dist/agent-console/) at /agent, and a
 * short page saying how to build it when it is not there.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Agent console not built</title></head>
<body><h1>The agent console is not built yet</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload this page.</p>
<p>Meanwhile the control API works: <a href="/emulator/conversations">/emulator/conversations</a>.</p></body></html>`;

/** The console is same-origin with the control API and the media it shows: nothing else is needed. */
const CONSOLE_CSP =
  "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function createAgentConsoleApp(
  root = fileURLToPath(new URL('../../dist/agent-console/', import.meta.url)),
): Hono {
  const index = join(root, 'index.html');
  const rootPrefix = normalize(root.endsWith(sep) ? root : root + sep);

  const serve = (c: Context): Response => {
    if (!existsSync(index)) return c.html(NOT_BUILT, 200, { 'Cache-Control': 'no-store' });
    const path = c.req.path;
    const relative =
      path === '/agent' || path === '/agent/' ? 'index.html' : decodeURIComponent(path.slice('/agent/'.length));
    const file = normalize(join(root, relative));
    const target = file.startsWith(rootPrefix) && existsSync(file) && statSync(file).isFile() ? file : index;
    const immutable = target !== index && /[.-][0-9a-zA-Z_-]{8,}\.\w+$/.test(target);
    return c.body(new Uint8Array(readFileSync(target)), 200, {
      'Content-Type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': CONSOLE_CSP,
    });
  };

  const app = new Hono();
  for (const path of ['/agent', '/agent/*']) {
    app.get(path, serve);
    app.all(path, (c) => c.body(null, 405, { Allow: 'GET, HEAD' }));
  }
  return app;
}
