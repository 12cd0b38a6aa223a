/** AssetSource for Node: files under one directory (normally dist/public); nothing outside it is reachable. */
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { contentTypeFor, safeSegments, type AssetSource } from './asset-source.ts';

export function nodeAssets(rootDir: string): AssetSource {
  const root = resolve(rootDir);
  // The root's real path, once known (the folder may only appear with the first build).
  let realRoot: string | undefined;
  return {
    async get(path) {
      const segments = safeSegments(path);
      if (!segments) return undefined;
      const file = join(root, ...segments);
      try {
        // Also refuse a symlink that points outside the root.
        realRoot ??= await realpath(root);
        const real = await realpath(file);
        if (!real.startsWith(realRoot + sep)) return undefined;
        if (!(await stat(real)).isFile()) return undefined;
        const bytes = await readFile(real);
        const body = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        return { body, contentType: contentTypeFor(path) };
      } catch {
        return undefined;
      }
    },
  };
}
