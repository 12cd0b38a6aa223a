import { gzipSync } from 'node:zlib';

/** Gzipped size of a text, at the level a CDN or server typically uses for static files. */
export function gzipSize(code) {
  return gzipSync(Buffer.from(code), { level: 9 }).length;
}

/**
 * Rollup plugin: fails the build when an output chunk is over `limit` bytes gzipped.
 * Runs in generateBundle, i.e. after minification (renderChunk), on the exact bytes written.
 */
export function gzipBudget({ limit }) {
  return {
    name: 'gzip-budget',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const size = gzipSize(file.code);
        if (size > limit) {
          this.error(`${file.fileName} is ${size} bytes gzipped, over its budget of ${limit} bytes.`);
        }
      }
    },
  };
}
