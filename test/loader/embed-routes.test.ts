/**
 * The server's embedding routes, in process (app.request): headers, the widget CSP and its
 * frame-ancestors, the injected config, the asset sources for Node and Workers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadConfig, ConfigError } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { nodeAssets } from '../../server/embed/node-assets.ts';
import { workerAssets } from '../../server/embed/worker-assets.ts';
import { configScript } from '../../server/embed/routes.ts';
import { testEnv } from './support.ts';

const HOST = 'https://www.example.com';
/** An asset big enough to be gzipped (hono/compress's threshold, 1 KB). */
const BIG_ASSET = `export const lines = [${Array.from({ length: 400 }, (_, i) => `'line ${i}'`).join(',')}];`;

describe('embedding routes', () => {
  let root: string;
  let app: ReturnType<typeof createApp>;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'flex-webchat-routes-'));
    await mkdir(join(root, 'public', 'assets'), { recursive: true });
    await writeFile(join(root, 'public', 'loader.js'), '(()=>{})();');
    await writeFile(
      join(root, 'public', 'widget.html'),
      '<!doctype html><head><!--flex-webchat-config--></head><body></body>',
    );
    await writeFile(join(root, 'public', 'assets', 'widget-abc123.js'), 'export {};');
    await writeFile(join(root, 'public', 'assets', 'big-abc123.js'), BIG_ASSET);
    await writeFile(join(root, 'secret.txt'), 'outside the root');
    await symlink(join(root, 'secret.txt'), join(root, 'public', 'assets', 'link.txt'));
    const config = loadConfig({
      ...testEnv([HOST]),
      PRE_ENGAGEMENT_FORM: JSON.stringify([
        { key: 'friendlyName', label: '</script><script>alert(1)</script>', type: 'text', required: true },
      ]),
    });
    app = createApp({ config, assets: nodeAssets(join(root, 'public')), clientAddress: () => '127.0.0.1' });
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('GET /loader.js: JavaScript, short cache, loadable cross-origin', async () => {
    const res = await app.request('/loader.js');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await res.text(), '(()=>{})();');
  });

  test('GET /widget for an allowed origin: the page, its config, a strict CSP framed by that origin only', async () => {
    const res = await app.request(`/widget?origin=${encodeURIComponent(HOST)}`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.equal(
      csp,
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data: https: https://*.twilio.com https://*.twiliocdn.com; " +
        "media-src 'self' blob: https://*.twilio.com https://*.twiliocdn.com; connect-src 'self' wss://*.twilio.com https://*.twilio.com https://*.twiliocdn.com; " +
        `font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${HOST}`,
    );
    assert.doesNotMatch(csp, /unsafe-/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const html = await res.text();
    assert.doesNotMatch(html, /<!--flex-webchat-config-->/);
    assert.doesNotMatch(html, /<\/script><script>alert/, 'a "<" in the config cannot close the element');
    const json = /<script type="application\/json" id="flex-webchat-config">(.*?)<\/script>/.exec(html)?.[1];
    assert.ok(json);
    const config = JSON.parse(json) as { preEngagementForm: { label: string }[] };
    assert.equal(config.preEngagementForm[0]?.label, '</script><script>alert(1)</script>');
  });

  test('GET /widget for a missing or malformed origin: frame-ancestors none and a short explanation', async () => {
    for (const query of ['', '?origin=not-an-origin', `?origin=${HOST}/path`, '?origin=https://a.example;script-src']) {
      const res = await app.request(`/widget${query}`);
      assert.equal(res.status, 403, query);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'$/);
      assert.match(await res.text(), /not allowed to embed the chat/);
    }
  });

  test('GET /widget for an unlisted origin: a 403 page only that origin may frame, whose one script (by hash) tells the loader', async () => {
    const res = await app.request('/widget?origin=https://evil.example');
    assert.equal(res.status, 403);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; /);
    assert.match(csp, /frame-ancestors https:\/\/evil\.example$/);
    assert.doesNotMatch(csp, /unsafe-/);
    const html = await res.text();
    assert.match(html, /not allowed to embed the chat/);
    assert.doesNotMatch(html, /flex-webchat-config|assets\//, 'nothing of the chat');
    const script = /<script>(.*?)<\/script>/.exec(html)?.[1] ?? '';
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(script))).toString(
      'base64',
    );
    assert.ok(csp.includes(`'sha256-${digest}'`), 'the CSP allows exactly that script');
    assert.match(script, /"refused"/);
  });

  test('GET /assets/*: immutable; nothing outside the root, not even through a symlink', async () => {
    const res = await app.request('/assets/widget-abc123.js');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    for (const path of [
      '/assets/../secret.txt',
      '/assets/%2e%2e/secret.txt',
      '/assets/..%2fsecret.txt',
      '/assets/link.txt',
      '/assets/missing.js',
    ]) {
      assert.equal((await app.request(path)).status, 404, path);
    }
    const assets = nodeAssets(join(root, 'public'));
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/./loader.js',
      '//etc/passwd',
      '/assets\\..\\x',
    ]) {
      assert.equal(await assets.get(path), undefined, path);
    }
  });

  test('hardening headers: COOP on /widget, nosniff and CORP on every answer, 404s included', async () => {
    const widget = await app.request(`/widget?origin=${encodeURIComponent(HOST)}`);
    assert.equal(widget.headers.get('cross-origin-opener-policy'), 'same-origin');
    const refused = await app.request('/widget?origin=https://evil.example');
    assert.equal(refused.headers.get('cross-origin-opener-policy'), 'same-origin');
    for (const path of ['/assets/missing.js', '/v/0.0.0/loader.js', '/nothing']) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'same-origin', path);
    }
    const asset = await app.request('/assets/widget-abc123.js');
    assert.equal(
      asset.headers.get('cross-origin-resource-policy'),
      'same-origin',
      'only the widget page loads its assets',
    );
    const types = await app.request('/flex-webchat.d.ts');
    assert.equal(types.status, 404);
    assert.equal(
      (await app.request('/loader.js')).headers.get('cross-origin-resource-policy'),
      'cross-origin',
      'host pages load the loader',
    );
  });

  test('TWILSOCK_URL (the emulator) replaces the Twilio hosts in connect-src and the media sources', async () => {
    const local = createApp({
      clientAddress: () => '127.0.0.1',
      config: loadConfig({ ...testEnv([HOST]), TWILSOCK_URL: 'ws://127.0.0.1:9090/v3/wsconnect' }),
      assets: nodeAssets(join(root, 'public')),
    });
    const csp = (await local.request(`/widget?origin=${HOST}`)).headers.get('content-security-policy') ?? '';
    assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:9090 http:\/\/127\.0\.0\.1:9090;/);
    assert.match(csp, /img-src 'self' blob: data: https: http:\/\/127\.0\.0\.1:9090;/);
    assert.doesNotMatch(csp, /twilio\.com/);
  });

  test("widget config from env: problems are named by variable, with the server's own", () => {
    const env = testEnv([HOST]);
    assert.throws(
      () => loadConfig({ ...env, TWILSOCK_URL: 'https://x.example' }),
      (e: unknown) => e instanceof ConfigError && e.message.includes('TWILSOCK_URL'),
    );
    assert.throws(() => loadConfig({ ...env, PRE_ENGAGEMENT_FORM: '{' }), /PRE_ENGAGEMENT_FORM must be JSON/);
    assert.throws(
      () => loadConfig({ ...env, PRE_ENGAGEMENT_FORM: '[{"key":"email","label":"Email"}]' }),
      /friendlyName/,
    );
    assert.throws(
      () => loadConfig({ ...env, PRE_ENGAGEMENT_FORM: '[{"key":"friendlyName","label":"Name","type":"select"}]' }),
      /options/,
    );
    assert.throws(
      () => loadConfig({ ...env, TWILIO_ACCOUNT_SID: '', TWILSOCK_URL: 'nope' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.problems.length === 2 &&
        e.message.includes('TWILIO_ACCOUNT_SID') &&
        e.message.includes('TWILSOCK_URL'),
    );
    const defaults = loadConfig(env).widget;
    assert.equal(defaults.twilsockUrl, undefined);
    assert.deepEqual(
      defaults.preEngagementForm.map((f) => f.key),
      ['friendlyName', 'email', 'question'],
    );
  });

  test('configScript escapes < so the JSON cannot end its element', () => {
    const html = configScript({
      preEngagementForm: [{ key: 'friendlyName', label: '<!-- </script>', type: 'text', required: true }],
      attachments: { enabled: false, maxFileBytes: 1, extensions: [] },
    });
    assert.equal(html.match(/</g)?.length, 2, "only the element's own tags");
  });

  test('the Workers asset source reads through the ASSETS binding', async () => {
    const requested: string[] = [];
    const binding = {
      async fetch(request: Request): Promise<Response> {
        const path = new URL(request.url).pathname;
        requested.push(path);
        return path === '/loader.js'
          ? new Response('x', { headers: { 'Content-Type': 'application/javascript' } })
          : new Response('nope', { status: 404 });
      },
    };
    const assets = workerAssets(binding);
    const found = await assets.get('/loader.js');
    assert.equal(found?.contentType, 'application/javascript');
    assert.equal(new TextDecoder().decode(found?.body as ArrayBuffer), 'x');
    assert.equal(await assets.get('/missing.js'), undefined);
    assert.equal(await assets.get('/../x'), undefined);
    assert.deepEqual(requested, ['/loader.js', '/missing.js']);
  });

  test('GET /assets/*: gzipped once for every request that accepts it, the same bytes each time; as they are otherwise', async () => {
    const gz = { 'Accept-Encoding': 'gzip, deflate, br' };
    const first = await app.request('/assets/big-abc123.js', { headers: gz });
    const second = await app.request('/assets/big-abc123.js', { headers: gz });
    for (const res of [first, second]) {
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-encoding'), 'gzip');
      assert.match(res.headers.get('vary') ?? '', /Accept-Encoding/);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.match(res.headers.get('content-type') ?? '', /javascript/);
    }
    const [a, b] = [Buffer.from(await first.arrayBuffer()), Buffer.from(await second.arrayBuffer())];
    assert.ok(a.equals(b));
    assert.equal(gunzipSync(a).toString('utf8'), BIG_ASSET);
    assert.ok(a.length < BIG_ASSET.length / 2);

    const plain = await app.request('/assets/big-abc123.js', { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), BIG_ASSET);
    const small = await app.request('/assets/widget-abc123.js', { headers: gz });
    assert.equal(small.headers.get('content-encoding'), null);
    assert.equal(await small.text(), 'export {};');
    const missing = await app.request('/assets/nothing-abc123.js', { headers: gz });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-encoding'), null);
  });
});
