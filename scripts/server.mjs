#!/usr/bin/env node
// `npm run server`: with NODE_ENV=production, runs the built bundle (dist/server/node.mjs) with
// plain node; otherwise the TypeScript sources through tsx. Signals go to the server itself
// (it is run in this process, not a child), so SIGTERM finishes in-flight requests.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url);

if (process.env.NODE_ENV === 'production') {
  const bundle = new URL('dist/server/node.mjs', root);
  if (!existsSync(bundle)) {
    console.error(
      `${fileURLToPath(bundle)} is missing: run \`npm run build\` first (NODE_ENV=production runs the built server).`,
    );
    process.exit(1);
  }
  await import(bundle.href);
} else {
  // tsx's ESM loader, registered in this process, then the TypeScript entry.
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(fileURLToPath(new URL('server/node.ts', root))).href);
}
