// The agent console of the emulator: dist/agent-console/index.html (no inline script or style)
// with its content-hashed JS and CSS in dist/agent-console/assets/, served by the emulator at /agent.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { cssAsset } from '../scripts/build/css-asset.mjs';

const BASE = '/agent/';

function consoleHtml() {
  return {
    name: 'console-html',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle);
      const entry = files.find((f) => f.type === 'chunk' && f.isEntry);
      const css = files.find((f) => f.type === 'asset' && f.fileName.endsWith('.css'));
      if (!entry || !css) return this.error('agent console build: entry chunk or CSS missing');
      const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agent console · Flex emulator</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${BASE}${css.fileName}">
<script type="module" src="${BASE}${entry.fileName}"></script>
</head>
<body>
<div id="app"></div>
</body>
</html>
`;
      this.emitFile({ type: 'asset', fileName: 'index.html', source: html });
    },
  };
}

export default [
  {
    input: { console: 'emulator/console/main.tsx' },
    output: {
      dir: 'dist/agent-console',
      format: 'es',
      entryFileNames: 'assets/[name]-[hash].js',
      chunkFileNames: 'assets/[name]-[hash].js',
      assetFileNames: 'assets/[name]-[hash][extname]',
    },
    plugins: [
      cssAsset({ input: 'emulator/console/console.css', name: 'console.css' }),
      nodeResolve({ browser: true, extensions: ['.mjs', '.js', '.ts', '.tsx'] }),
      esbuild({ target: 'es2020', jsx: 'automatic', jsxImportSource: 'preact' }),
      terser({ ecma: 2020, module: true }),
      consoleHtml(),
    ],
  },
];
