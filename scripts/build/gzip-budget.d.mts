import type { Plugin } from 'rollup';

/** Gzipped size of a text, at the level a CDN or server typically uses for static files. */
export function gzipSize(code: string | Uint8Array): number;
/** Rollup plugin: fails the build when an output chunk is over `limit` bytes gzipped. */
export function gzipBudget(options: { limit: number }): Plugin;
