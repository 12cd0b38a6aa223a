import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The release version, which names the immutable loader URL /v/{version}/loader.js. */
export function packageVersion() {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
}

/** The Subresource Integrity value of a file's exact bytes: "sha384-<base64>". */
export function sriSha384(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/**
 * Rollup plugin for the loader build: computes the sha384 integrity of loader.js as written,
 * writes loader.integrity.json beside it ({ version, path, integrity, snippet }) and prints the
 * SRI snippet. The server serves the same bytes at /loader.js and /v/{version}/loader.js.
 */
export function loaderIntegrity({ print = true } = {}) {
  return {
    name: 'loader-integrity',
    generateBundle(_options, bundle) {
      const chunk = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      if (!chunk) return this.error('loader-integrity: no entry chunk');
      const version = packageVersion();
      const path = `/v/${version}/loader.js`;
      const integrity = sriSha384(Buffer.from(chunk.code));
      const snippet = `<script src="https://chat.example.com${path}" integrity="${integrity}" crossorigin="anonymous" async></script>`;
      this.emitFile({
        type: 'asset',
        fileName: 'loader.integrity.json',
        source: JSON.stringify({ version, path, integrity, snippet }, null, 2) + '\n',
      });
      if (print) console.log(`loader: ${path} integrity ${integrity}`);
    },
  };
}

/** The loader's rollup options with the integrity plugin added (last: it hashes the final bytes). */
export function withIntegrity(options, pluginOptions) {
  return { ...options, plugins: [...options.plugins, loaderIntegrity(pluginOptions)] };
}
