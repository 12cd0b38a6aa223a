// The widget build: dist/public/widget.html (no inline script or style, with the
// `<!--flex-webchat-config-->` marker the server replaces), content-hashed ES module chunks
// and CSS in dist/public/assets/. The Conversations SDK is its own chunk (dynamic import);
// the build fails when the first paint (entry JS + its static imports + CSS, gzipped)
// exceeds FIRST_PAINT_BUDGET, or the SDK chunk (with what it alone imports) SDK_CHUNK_BUDGET.
// core-js polyfills the supported browsers (package.json "browserslist") do not need are
// dropped from the SDK (scripts/build/core-js-targets.mjs); its packages' licence headers are
// written once at the top of the chunk, and the ES module builds of @twilio/conversations and
// of the Babel helpers are used (scripts/build/sdk-slim.mjs). The entry chunk carries V8's
// compile hint (scripts/build/compile-hints.mjs).
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { coreJsForTargets } from '../scripts/build/core-js-targets.mjs';
import { compileHints } from '../scripts/build/compile-hints.mjs';
import { cssAsset } from '../scripts/build/css-asset.mjs';
import { gzipSize } from '../scripts/build/gzip-budget.mjs';
import {
  babelHelpersEsm,
  conversationsEsm,
  hoistLicenseComments,
  twilsockNativeUtf8,
} from '../scripts/build/sdk-slim.mjs';

export const FIRST_PAINT_BUDGET = 20 * 1024;
export const SDK_CHUNK_BUDGET = 100 * 1024;
const SDK_MODULE = 'sdk-session';
/** The stylesheet of what only the chat view shows: loaded with it, not in the first paint. */
const CHAT_CSS = 'chat.css';
const CHAT_CSS_META = 'flex-webchat-chat-css';

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
/** A translated catalogue (widget/i18n/locales/xx.ts): its own chunk, `locale-xx-[hash].js`. */
const isLocaleChunk = (chunk) => /[\\/]widget[\\/]i18n[\\/]locales[\\/]/.test(chunk.facadeModuleId ?? '');

/** Writes widget.html, checks the first-paint budget and prints the sizes. */
function widgetHtml() {
  return {
    name: 'widget-html',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle);
      const entry = files.find((f) => f.type === 'chunk' && f.isEntry);
      const cssNamed = (name) => files.find((f) => f.type === 'asset' && (f.names ?? [f.name]).includes(name));
      const css = cssNamed('widget.css');
      const chatCss = cssNamed(CHAT_CSS);
      if (!entry || !css || !chatCss) return this.error('widget build: entry chunk or CSS missing');
      const staticClosure = new Set();
      const walk = (name) => {
        if (staticClosure.has(name)) return;
        staticClosure.add(name);
        for (const dep of bundle[name].imports) walk(dep);
      };
      walk(entry.fileName);
      const sdk = files.find((f) => f.type === 'chunk' && f.name === SDK_MODULE);
      if (!sdk) return this.error('widget build: the SDK chunk is missing (it must be loaded with import())');
      if (staticClosure.has(sdk.fileName))
        return this.error('widget build: the SDK chunk is statically imported by the entry');
      // Everything not in the first paint is loaded lazily (the SDK, the chat view): the widget
      // modulepreloads it when the panel opens, from this list. Catalogues (one chunk per locale)
      // are not in it: only the chosen one is ever loaded.
      const locales = files.filter((f) => f.type === 'chunk' && isLocaleChunk(f));
      for (const f of locales) {
        if (staticClosure.has(f.fileName))
          return this.error(`widget build: the catalogue ${f.fileName} is in the first paint`);
        if (f.imports.length > 0)
          return this.error(
            `widget build: the catalogue ${f.fileName} imports ${f.imports.join(', ')} (it must load alone)`,
          );
      }
      const lazy = files.filter((f) => f.type === 'chunk' && !staticClosure.has(f.fileName) && !isLocaleChunk(f));
      const sdkClosure = new Set();
      const walkSdk = (name) => {
        if (sdkClosure.has(name) || staticClosure.has(name)) return;
        sdkClosure.add(name);
        for (const dep of bundle[name].imports) walkSdk(dep);
      };
      walkSdk(sdk.fileName);

      const jsBytes = [...staticClosure].reduce((sum, name) => sum + gzipSize(bundle[name].code), 0);
      const cssBytes = gzipSize(css.source);
      const firstPaint = jsBytes + cssBytes;
      const sdkBytes = [...sdkClosure].reduce((sum, name) => sum + gzipSize(bundle[name].code), 0);
      const otherLazy = lazy.filter((f) => !sdkClosure.has(f.fileName));
      const otherBytes = otherLazy.reduce((sum, f) => sum + gzipSize(f.code), 0) + gzipSize(chatCss.source);
      const localeBytes = locales.map((f) => gzipSize(f.code));
      console.log(
        `widget: first paint ${kb(firstPaint)} (${firstPaint} bytes) gzipped (JS ${kb(jsBytes)} + CSS ${kb(cssBytes)}; budget ${kb(FIRST_PAINT_BUDGET)}); ` +
          `lazy: SDK chunk ${kb(sdkBytes)} (budget ${kb(SDK_CHUNK_BUDGET)}), chat view ${kb(otherBytes)} gzipped (with its CSS); ` +
          `${locales.length} catalogues ${kb(Math.min(...localeBytes))}–${kb(Math.max(...localeBytes))} gzipped each`,
      );
      if (firstPaint > FIRST_PAINT_BUDGET) {
        return this.error(
          `widget first paint is ${firstPaint} bytes gzipped, over the ${FIRST_PAINT_BUDGET}-byte budget`,
        );
      }
      if (sdkBytes > SDK_CHUNK_BUDGET) {
        return this.error(`widget SDK chunk is ${sdkBytes} bytes gzipped, over the ${SDK_CHUNK_BUDGET}-byte budget`);
      }
      // The chat view's stylesheet too (preloaded; the chat chunk adds it).
      const prefetchUrls = [...lazy, chatCss].map((f) => `/${f.fileName}`).join(' ');
      const html = [
        '<!doctype html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<title>Chat</title>',
        '<!--flex-webchat-config-->',
        `<meta name="flex-webchat-prefetch" content="${prefetchUrls}">`,
        `<meta name="${CHAT_CSS_META}" content="/${chatCss.fileName}">`,
        `<link rel="stylesheet" href="/${css.fileName}">`,
        `<script type="module" src="/${entry.fileName}"></script>`,
        '</head>',
        '<body>',
        '<div id="app"></div>',
        '</body>',
        '</html>',
        '',
      ].join('\n');
      this.emitFile({ type: 'asset', fileName: 'widget.html', source: html });
    },
  };
}

export default [
  {
    input: { widget: 'widget/main.tsx' },
    output: {
      dir: 'dist/public',
      format: 'es',
      entryFileNames: 'assets/[name]-[hash].js',
      chunkFileNames: (chunk) => (isLocaleChunk(chunk) ? 'assets/locale-[name]-[hash].js' : 'assets/[name]-[hash].js'),
      assetFileNames: 'assets/[name]-[hash][extname]',
      sourcemap: false,
    },
    onwarn(warning, warn) {
      // The SDK's CommonJS build has `this` at top level and circular requires; both are harmless.
      if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
      warn(warning);
    },
    plugins: [
      cssAsset({ input: 'widget/styles/widget.css', name: 'widget.css' }),
      cssAsset({ input: 'widget/styles/chat.css', name: CHAT_CSS }),
      hoistLicenseComments(),
      coreJsForTargets({
        onDecisions: ({ kept, emptied }) =>
          console.log(
            `widget: core-js polyfills for the browserslist: ${kept.length} kept (${kept.join(', ') || 'none'}), ${emptied.length} dropped`,
          ),
      }),
      babelHelpersEsm(),
      conversationsEsm(),
      nodeResolve({ browser: true, preferBuiltins: false, extensions: ['.mjs', '.js', '.json', '.ts', '.tsx'] }),
      twilsockNativeUtf8(),
      commonjs(),
      esbuild({
        target: 'es2020',
        jsx: 'automatic',
        jsxImportSource: 'preact',
        define: { 'process.env.NODE_ENV': '"production"' },
      }),
      terser({ ecma: 2020, module: true, compress: { passes: 2 } }),
      // The first paint's functions compiled while its script streams in, off the main thread.
      compileHints((chunk) => chunk.isEntry),
      widgetHtml(),
    ],
  },
];
