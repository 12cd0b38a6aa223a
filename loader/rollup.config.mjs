import { readFileSync } from 'node:fs';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { gzipBudget } from '../scripts/build/gzip-budget.mjs';
import { withIntegrity } from '../scripts/build/loader-integrity.mjs';

export const LOADER_BUDGET_BYTES = 3072;

/** Ships the host-facing TypeScript declarations beside loader.js. */
function declarations() {
  return {
    name: 'flex-webchat-declarations',
    generateBundle() {
      const source = readFileSync(new URL('./flex-webchat.d.ts', import.meta.url), 'utf8');
      this.emitFile({ type: 'asset', fileName: 'flex-webchat.d.ts', source });
    },
  };
}

/** Options for the loader build; tests call it with another output file or budget. */
export function loaderBuild({ file = 'dist/public/loader.js', budget = LOADER_BUDGET_BYTES } = {}) {
  return {
    input: new URL('./loader.ts', import.meta.url).pathname,
    output: { file, format: 'iife', strict: false, sourcemap: false },
    plugins: [
      esbuild({ target: 'es2020', minify: false }),
      terser({
        ecma: 2020,
        compress: { passes: 5, toplevel: true, unsafe_arrows: true, pure_getters: true },
        mangle: { toplevel: true },
        format: { comments: false },
      }),
      gzipBudget({ limit: budget }),
      declarations(),
    ],
  };
}

/** dist/public/loader.js: a minified IIFE, at most 3,072 bytes gzipped (the build fails otherwise). */
export default [withIntegrity(loaderBuild())];
