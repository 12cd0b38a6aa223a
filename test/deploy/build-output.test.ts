/**
 * `npm run build` leaves everything deployable in dist/ (npm test builds before the tests run):
 * the Worker bundle, the Node server bundle, the browser files with the loader's SRI manifest,
 * and `wrangler deploy --dry-run` accepts the bundle and the assets directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

test('dist/ holds the Worker, the Node server and the static assets', () => {
  for (const file of [
    'worker/index.js',
    'server/node.mjs',
    'public/loader.js',
    'public/widget.html',
    'public/flex-webchat.d.ts',
  ]) {
    assert.ok(existsSync(join(dist, file)), `dist/${file}`);
  }
  const assets = readdirSync(join(dist, 'public', 'assets'));
  assert.ok(
    assets.length > 0 && assets.every((name) => /-[\w-]{8}\.(js|css)$/.test(name)),
    `content-hashed names: ${assets.join(', ')}`,
  );
  // The Node bundle imports only Node built-ins and the runtime dependencies, which `npm ci --omit=dev` installs.
  const dependencies = Object.keys(
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
      .dependencies,
  );
  const imports = [
    ...readFileSync(join(dist, 'server', 'node.mjs'), 'utf8').matchAll(/^import .* from '([^']+)';$/gm),
  ].map((m) => m[1]!);
  for (const specifier of imports) {
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
    assert.ok(
      specifier.startsWith('node:') || dependencies.includes(name),
      `dist/server/node.mjs imports ${specifier}`,
    );
  }
});

test('the widget’s first-paint chunk, and only it, asks V8 to compile all its functions while it streams in', () => {
  const html = readFileSync(join(dist, 'public', 'widget.html'), 'utf8');
  const entry = /<script type="module" src="\/(assets\/widget-[\w-]+\.js)">/.exec(html)?.[1];
  assert.ok(entry, 'widget.html names its entry chunk');
  assert.ok(readFileSync(join(dist, 'public', entry), 'utf8').startsWith('//# allFunctionsCalledOnLoad\n'));
  const sdk = /\/(assets\/sdk-session-[\w-]+\.js)/.exec(html)?.[1];
  assert.ok(sdk, 'widget.html lists the SDK chunk');
  assert.ok(!readFileSync(join(dist, 'public', sdk), 'utf8').startsWith('//# allFunctionsCalledOnLoad'));
});

test('the SRI manifest matches the built loader: sha384 of its exact bytes, under /v/{version}/', () => {
  const manifest = JSON.parse(readFileSync(join(dist, 'public', 'loader.integrity.json'), 'utf8')) as Record<
    string,
    string
  >;
  const digest = createHash('sha384')
    .update(readFileSync(join(dist, 'public', 'loader.js')))
    .digest('base64');
  assert.equal(manifest.integrity, `sha384-${digest}`);
  assert.equal(manifest.version, version);
  assert.equal(manifest.path, `/v/${version}/loader.js`);
  assert.match(
    manifest.snippet ?? '',
    new RegExp(
      `src="https://chat\\.example\\.com/v/${version.replace(/\./g, '\\.')}/loader\\.js" integrity="sha384-[A-Za-z0-9+/=]+" crossorigin="anonymous" async`,
    ),
  );
});

test('wrangler deploy --dry-run accepts the Worker bundle and the assets directory', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'fw-wrangler-'));
  try {
    const result = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'wrangler.mjs'), 'deploy', '--dry-run', '--outdir', outdir],
      {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          CI: 'true',
          WRANGLER_SEND_METRICS: 'false',
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
          WRANGLER_HIDE_BANNER: 'true',
          WRANGLER_LOG_PATH: outdir,
        },
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, output);
    assert.match(output, /--dry-run: exiting now/);
    assert.match(output, /env\.ASSETS\s+Assets/);
    assert.match(output, /Read \d+ files? from the assets directory .*dist\/public/);
    assert.ok(existsSync(join(outdir, 'index.js')), 'the uploaded module');
    assert.equal(
      readFileSync(join(outdir, 'index.js'), 'utf8'),
      readFileSync(join(dist, 'worker', 'index.js'), 'utf8'),
      'no_bundle: uploaded as built',
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
