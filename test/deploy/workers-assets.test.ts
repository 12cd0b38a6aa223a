/**
 * The built Worker (dist/worker/index.js) in workerd, with dist/public behind the ASSETS binding
 * exactly as wrangler.toml configures it: what a Cloudflare deployment serves, and its headers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer, TEST_ENV, type RunningServer } from '../../scripts/harness/servers.ts';

const publicDir = fileURLToPath(new URL('../../dist/public', import.meta.url));
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const HOST = TEST_ENV.ALLOWED_ORIGINS;
const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('the built Worker with its static assets (Miniflare)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer('workers', TEST_ENV, { assetsDirectory: publicDir });
  });
  after(() => server.close());

  test('GET /health', async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('GET /loader.js: the built loader, short cache, CORS and CORP for any site', async () => {
    const res = await fetch(`${server.url}/loader.js`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), readFileSync(`${publicDir}/loader.js`, 'utf8'));
    assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  test('GET /v/{version}/loader.js: the same bytes, immutable; another version is 404', async () => {
    const res = await fetch(`${server.url}/v/${version}/loader.js`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), readFileSync(`${publicDir}/loader.js`, 'utf8'));
    assert.equal(res.headers.get('cache-control'), IMMUTABLE);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    for (const other of ['0.0.0', `${version}-beta`, 'latest']) {
      const miss = await fetch(`${server.url}/v/${other}/loader.js`);
      assert.equal(miss.status, 404, other);
      await miss.body?.cancel();
    }
  });

  test('GET /widget?origin=<allowed>: the page under a strict CSP framed by that origin only', async () => {
    const res = await fetch(`${server.url}/widget?origin=${encodeURIComponent(HOST)}`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, new RegExp(`frame-ancestors ${HOST}$`));
    assert.match(csp, /default-src 'none'; script-src 'self'; style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const html = await res.text();
    assert.match(html, /<script type="application\/json" id="flex-webchat-config">/);
    assert.match(html, /src="\/assets\/widget-[\w-]+\.js"|\/assets\/widget-/);
  });

  test('GET /widget with no origin: frame-ancestors none; another origin: the refusal page only it may frame', async () => {
    const none = await fetch(`${server.url}/widget`);
    assert.equal(none.status, 403);
    assert.match(none.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'$/);
    await none.body?.cancel();
    const other = await fetch(`${server.url}/widget?origin=https://evil.example`);
    assert.equal(other.status, 403);
    assert.match(
      other.headers.get('content-security-policy') ?? '',
      /script-src 'sha256-.*frame-ancestors https:\/\/evil\.example$/,
    );
    assert.match(await other.text(), /"refused"/);
  });

  test('GET /assets/*: every built file, immutable, with its type; a missing one is 404 no-store', async () => {
    const files = readdirSync(`${publicDir}/assets`);
    assert.ok(files.some((f) => f.endsWith('.js')) && files.some((f) => f.endsWith('.css')));
    for (const file of files) {
      const res = await fetch(`${server.url}/assets/${file}`);
      assert.equal(res.status, 200, file);
      assert.equal(res.headers.get('cache-control'), IMMUTABLE, file);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', file);
      assert.match(res.headers.get('content-type') ?? '', file.endsWith('.css') ? /text\/css/ : /javascript/, file);
      assert.equal((await res.arrayBuffer()).byteLength, readFileSync(`${publicDir}/assets/${file}`).byteLength, file);
    }
    const miss = await fetch(`${server.url}/assets/widget-nothere.js`);
    assert.equal(miss.status, 404);
    assert.equal(miss.headers.get('cache-control'), 'no-store');
    await miss.body?.cancel();
  });

  test('files in dist/public outside the routes (widget.html, the integrity manifest) are not served raw', async () => {
    for (const path of ['/widget.html', '/loader.integrity.json']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  });
});
