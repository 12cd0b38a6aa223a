// A rollup plugin that builds one stylesheet with PostCSS (nesting + autoprefixer), minifies it
// with esbuild's CSS minifier and emits it as a content-hashed asset: styles live in files,
// never inlined, so pages stay clean under a strict style-src.
import { readFileSync } from 'node:fs';
import autoprefixer from 'autoprefixer';
import { transform } from 'esbuild';
import postcss from 'postcss';
import postcssNesting from 'postcss-nesting';

/** @param {{ input: string, name: string }} options  input: path of the CSS source; name: the asset's name ("console.css"). */
export function cssAsset({ input, name }) {
  return {
    name: 'css-asset',
    async buildStart() {
      this.addWatchFile(input);
      const source = readFileSync(input, 'utf8');
      const processed = await postcss([postcssNesting(), autoprefixer()]).process(source, { from: input });
      const { code } = await transform(processed.css, {
        loader: 'css',
        minify: true,
        target: ['chrome100', 'firefox100', 'safari15'],
      });
      this.emitFile({ type: 'asset', name, source: code });
    },
  };
}
