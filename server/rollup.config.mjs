import { builtinModules } from 'node:module';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

/** `import x from './file.json' with { type: 'json' }` (package.json's version): rollup drops the fields never read. */
function json() {
  return {
    name: 'json',
    transform(code, id) {
      if (!id.endsWith('.json')) return null;
      return { code: `export default ${JSON.stringify(JSON.parse(code))};\n`, map: { mappings: '' } };
    },
  };
}

const isPackage = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

export default [
  /** The Cloudflare Workers bundle of the server (also what the Miniflare tests run). */
  {
    input: 'server/worker.ts',
    output: { file: 'dist/worker/index.js', format: 'es', sourcemap: true },
    plugins: [
      json(),
      nodeResolve({ exportConditions: ['workerd', 'worker', 'browser'], preferBuiltins: false }),
      commonjs(),
      esbuild({ target: 'es2022' }),
    ],
  },
  /**
   * The Node server (`NODE_ENV=production npm run server`, or `node dist/server/node.mjs`): our
   * code in one file; the runtime dependencies (hono, @hono/node-server) stay in node_modules.
   */
  {
    input: 'server/node.ts',
    output: { file: 'dist/server/node.mjs', format: 'es', sourcemap: true },
    external: (id) => builtins.has(id) || isPackage(id),
    plugins: [json(), esbuild({ target: 'node20' })],
  },
];
