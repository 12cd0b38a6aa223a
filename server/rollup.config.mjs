import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

/** The Cloudflare Workers bundle of the server (also what the Miniflare tests run). */
export default [
  {
    input: 'server/worker.ts',
    output: { file: 'dist/worker/index.js', format: 'es', sourcemap: true },
    plugins: [
      nodeResolve({ exportConditions: ['workerd', 'worker', 'browser'], preferBuiltins: false }),
      commonjs(),
      esbuild({ target: 'es2022' }),
    ],
  },
];
