/**
 * Shared set-up for the loader's browser tests: the loader built by its own rollup config, a
 * fixture widget (test/loader/fixtures) behind the same AssetSource the server uses, the real
 * server app on 127.0.0.1:<port 0>, host pages on http://localhost:<other port> (a second
 * origin, and a second site), and Chromium through playwright-core.
 */
import { mkdir, mkdtemp, readFile, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { rollup, type OutputOptions, type RollupOptions } from 'rollup';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness/browser.ts';
import {
  startHostServer,
  strictHostCsp,
  type HostPage,
  type HostServer,
  type RunningServer,
} from '../../scripts/harness/host-site.ts';
import { loadConfig } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { nodeAssets } from '../../server/embed/node-assets.ts';
import type { AssetSource } from '../../server/embed/asset-source.ts';
// @ts-expect-error: plain .mjs modules without declarations
import { loaderBuild } from '../../loader/rollup.config.mjs';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** A valid server environment (see test/server/config.test.ts) with the given embedding sites. */
export function testEnv(allowedOrigins: string[]): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32),
    TWILIO_API_KEY_SID: 'SK' + '1'.repeat(32),
    TWILIO_API_KEY_SECRET: 'a-secret-of-some-length',
    FLEX_ADDRESS_SID: 'IG' + '2'.repeat(32),
    CONVERSATIONS_SERVICE_SID: 'IS' + '3'.repeat(32),
    ALLOWED_ORIGINS: allowedOrigins.join(','),
  };
}

/** loader/rollup.config.mjs's `loaderBuild`, typed. */
type LoaderBuild = (options: { file: string; budget?: number }) => RollupOptions & { output: OutputOptions };

/** Builds loader.js with the project's rollup config into `file`; returns the code. */
export async function buildLoader(file: string, budget?: number): Promise<string> {
  const options = (loaderBuild as LoaderBuild)({ file, budget });
  const bundle = await rollup(options);
  try {
    await bundle.write(options.output);
  } finally {
    await bundle.close();
  }
  return readFile(file, 'utf8');
}

/**
 * A dist/public-like directory: loader.js (real build), widget.html + assets/fixture-widget.js
 * (the fixture widget over the real widget/host-channel.ts), assets/spoof.html + spoof.js.
 * Once the real widget is built, tests can point an AssetSource at dist/public instead.
 */
export async function fixturePublicDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'flex-webchat-loader-'));
  await mkdir(join(dir, 'assets'));
  await buildLoader(join(dir, 'loader.js'));
  await copyFile(here('./fixtures/widget.html'), join(dir, 'widget.html'));
  await copyFile(here('./fixtures/spoof.html'), join(dir, 'assets', 'spoof.html'));
  await build({
    entryPoints: { 'fixture-widget': here('./fixtures/fixture-widget.ts'), spoof: here('./fixtures/spoof.ts') },
    outdir: join(dir, 'assets'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The real server app (createApp) on 127.0.0.1, port 0. */
export async function startChatServer(options: {
  allowedOrigins: string[];
  assets: AssetSource;
}): Promise<RunningServer> {
  const config = loadConfig(testEnv(options.allowedOrigins));
  const app = createApp({ config, assets: options.assets, clientAddress: () => '127.0.0.1' });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { nodeAssets };
export { startHostServer, strictHostCsp, type HostPage, type HostServer, type RunningServer };

/** A host page: optional scripts of its own before the loader, then the one-line embed. */
export function hostHtml(
  server: string,
  options: { data?: Record<string, string>; before?: string[]; extra?: string } = {},
): string {
  const data = Object.entries(options.data ?? {})
    .map(([k, v]) => ` data-${k}="${v}"`)
    .join('');
  const before = (options.before ?? []).map((src) => `<script src="${src}"></script>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title>${before}
<script src="${server}/loader.js" async${data}></script></head>
<body><h1>A host page</h1><a href="#top" id="host-link">A link on the host page</a>${options.extra ?? ''}</body></html>`;
}

export { CHROMIUM_ARGS, launchChromium, recordCspViolations, violations } from '../../scripts/harness/browser.ts';

/** What most loader tests stand on: a host site, the real server serving the fixture widget, Chromium. */
export interface FixtureRig {
  browser: Browser;
  server: RunningServer;
  host: HostServer;
  /** The strict host CSP header for pages of `host`. */
  strict: Record<string, string>;
  close(): Promise<void>;
}

export async function startFixtureRig(): Promise<FixtureRig> {
  const fixture = await fixturePublicDir();
  const host = await startHostServer();
  const server = await startChatServer({ allowedOrigins: [host.origin], assets: nodeAssets(fixture.dir) });
  const browser = await launchChromium();
  return {
    browser,
    server,
    host,
    strict: { 'Content-Security-Policy': strictHostCsp(server.origin) },
    async close() {
      await browser.close();
      await server.close();
      await host.close();
      await fixture.cleanup();
    },
  };
}

/**
 * The widget iframe's frame once the fixture widget is connected. Looked up by URL, because the
 * iframe's first (about:blank) frame is replaced when it navigates to the cross-site widget.
 */
export async function widgetFrame(page: Page): Promise<Frame> {
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('/widget?origin=') && !f.isDetached());
    if (frame) {
      try {
        await frame.waitForFunction(
          () => (window as unknown as { fixture?: { send?: unknown } }).fixture?.send !== undefined,
          undefined,
          { polling: 50 },
        );
        return frame;
      } catch (error) {
        if (!frame.isDetached()) throw error;
      }
    } else {
      await page.waitForEvent('framenavigated', { timeout: 30000 }).catch(() => undefined);
    }
  }
}

export type FixtureWindow = Window & {
  fixture: {
    received: Record<string, unknown>[];
    contexts: Record<string, unknown>[];
    config: unknown;
    settings?: Record<string, unknown>;
    send: (m: unknown) => void;
  };
};
