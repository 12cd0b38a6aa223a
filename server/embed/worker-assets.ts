/**
 * AssetSource for Cloudflare Workers: the static assets binding (wrangler.toml
 * `[assets] directory = "dist/public", binding = "ASSETS", run_worker_first = true`,
 * `html_handling = "none"` so widget.html is not redirected to /widget).
 */
import { contentTypeFor, safeSegments, type AssetSource } from './asset-source.ts';

/** The part of Workers' `Fetcher` the assets binding needs. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

export function workerAssets(binding: AssetsBinding): AssetSource {
  return {
    async get(path) {
      if (!safeSegments(path)) return undefined;
      // The host name is ignored by the binding; only the path matters.
      const response = await binding.fetch(new Request(`https://assets.invalid${path}`));
      if (!response.ok) return undefined;
      return {
        body: await response.arrayBuffer(),
        contentType: response.headers.get('Content-Type') ?? contentTypeFor(path),
      };
    },
  };
}
