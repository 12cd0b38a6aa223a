/**
 * The server's embedding routes: what a host page and the widget iframe load.
 *   GET /loader.js           the loader (short cache; any site may load it)
 *   GET /v/{version}/loader.js  the same bytes for this release only, immutable (for SRI pins)
 *   GET /flex-webchat.d.ts   TypeScript declarations for hosts
 *   GET /widget?origin=…     widget.html with its config, under a strict CSP whose
 *                            frame-ancestors is that origin only when it is in ALLOWED_ORIGINS
 *                            (another origin gets a 403 page that tells its loader: refusal.ts)
 *   GET /assets/*            content-hashed widget files (immutable)
 * Every answer also gets nosniff and, unless set here, CORP same-origin (app.ts).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getRuntimeKey } from 'hono/adapter';
import { compress } from 'hono/compress';
import { gzipOnce } from './gzip-once.ts';
import { parseOrigin, type ServerConfig } from '../config.ts';
import { CONFIG_ELEMENT_ID, type WidgetConfig } from '../../contracts/widget-config.ts';
import type { Asset, AssetSource } from './asset-source.ts';
import { widgetCsp } from './widget-csp.ts';
import { REFUSAL_HTML, REFUSED_TEXT, refusalCsp } from './refusal.ts';
import { VERSION } from '../version.ts';

export interface EmbedOptions {
  config: ServerConfig;
  assets: AssetSource;
}

/** The placeholder in widget.html that the server replaces with the config. */
export const CONFIG_PLACEHOLDER = '<!--flex-webchat-config-->';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** An origin that can stand in a CSP source list as it is (parseOrigin lets e.g. ';' through in a host). */
const FRAMABLE_ORIGIN = /^https?:\/\/([a-z0-9-]+\.)*[a-z0-9-]+(:\d{1,5})?$/i;

/** The config as a non-executable JSON script element; `<` escaped so nothing can close the element. */
export function configScript(config: WidgetConfig): string {
  const json = JSON.stringify(config)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${CONFIG_ELEMENT_ID}">${json}</script>`;
}

export function embedRoutes({ config, assets }: EmbedOptions): Hono {
  const widgetConfig = config.widget;
  const configElement = configScript(widgetConfig);
  const app = new Hono();
  const allowed = new Set(config.allowedOrigins);

  const serve = (c: Context, asset: Asset, headers: Record<string, string>): Response =>
    c.body(asset.body, 200, { 'Content-Type': asset.contentType, 'X-Content-Type-Options': 'nosniff', ...headers });

  // Node serves these itself: gzip them. Not on Workers: workerd encodes a body whose
  // Content-Encoding is set, so one gzipped here would reach the browser gzipped twice.
  const gzip: MiddlewareHandler = getRuntimeKey() === 'workerd' ? (_c, next) => next() : compress();
  app.use('/loader.js', gzip);
  app.use('/v/*', gzip);
  // Content-hashed and immutable: gzipped once per process, not per request.
  app.use('/assets/*', getRuntimeKey() === 'workerd' ? (_c, next) => next() : gzipOnce());
  app.use('/widget', gzip);

  // CORS on both loader URLs: a host page's <script integrity=… crossorigin="anonymous"> needs it.
  const loader = async (c: Context, cacheControl: string): Promise<Response> => {
    const asset = await assets.get('/loader.js');
    if (!asset) return c.text('loader.js is not built: run `npm run build`.', 404);
    return serve(c, asset, {
      'Cache-Control': cacheControl,
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Access-Control-Allow-Origin': '*',
    });
  };
  app.get('/loader.js', (c) => loader(c, 'public, max-age=300'));
  app.get('/v/:version/loader.js', (c) => {
    if (c.req.param('version') !== VERSION)
      return c.text(`No loader for that version; this server has ${VERSION}.`, 404, { 'Cache-Control': 'no-store' });
    return loader(c, IMMUTABLE);
  });

  app.get('/flex-webchat.d.ts', async (c) => {
    const asset = await assets.get('/flex-webchat.d.ts');
    if (!asset) return c.notFound();
    return serve(c, asset, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Access-Control-Allow-Origin': '*',
    });
  });

  app.get('/widget', async (c) => {
    const claimed = c.req.query('origin');
    const origin = claimed === undefined ? undefined : parseOrigin(claimed);
    const ancestor = origin !== undefined && allowed.has(origin) ? origin : undefined;
    const headers = {
      'Content-Security-Policy': widgetCsp(widgetConfig, ancestor),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      // Only a top-level /widget (someone opening it in a tab or a popup) is affected: the browser
      // ignores COOP in an iframe, so the loader's postMessage to contentWindow and the widget's
      // rel=noopener links are unchanged; a page that opens /widget gets no handle on it.
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (!ancestor) {
      // A well-formed origin that is not allowed: a page its loader can hear (see refusal.ts).
      if (origin !== undefined && FRAMABLE_ORIGIN.test(origin))
        return c.html(REFUSAL_HTML, 403, { ...headers, 'Content-Security-Policy': await refusalCsp(origin) });
      return c.text(REFUSED_TEXT, 403, headers);
    }
    const page = await assets.get('/widget.html');
    if (!page) return c.text('The widget is not built: run `npm run build`.', 503, headers);
    const html = typeof page.body === 'string' ? page.body : new TextDecoder().decode(page.body);
    return c.html(
      html.replace(CONFIG_PLACEHOLDER, () => configElement),
      200,
      headers,
    );
  });

  app.get('/assets/*', async (c) => {
    const asset = await assets.get(new URL(c.req.url).pathname);
    if (!asset) return c.text('Not found', 404, { 'Cache-Control': 'no-store' });
    return serve(c, asset, { 'Cache-Control': IMMUTABLE });
  });

  return app;
}
