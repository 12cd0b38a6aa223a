// Rollup plugins that slim the Conversations SDK chunk without changing its behaviour.
import { readFileSync } from 'node:fs';

/**
 * The SDK's packages each start their build file with the full text of their licences (several
 * KB, some repeated: loglevel's, javascript-state-machine's, …), spread over the chunk where
 * gzip cannot share them. This takes each such leading `@license` comment out of the module and
 * writes the distinct ones once, together, at the top of every chunk that holds the module
 * (after minification, so terser keeps them as written).
 */
export function hoistLicenseComments() {
  const licenses = new Map(); // module id → license comment
  return {
    name: 'hoist-license-comments',
    transform(code, id) {
      if (!id.includes('/node_modules/')) return null;
      const match = /^\s*(\/\*[\s\S]*?\*\/)/.exec(code);
      if (!match || !/@license|@preserve|^\/\*!/.test(match[1])) return null;
      licenses.set(id, match[1]);
      // Same length and line count, so the module's own source map stays valid.
      const blank = match[0].replace(/[^\n]/g, ' ');
      return { code: blank + code.slice(match[0].length), map: null };
    },
    renderChunk(code, chunk) {
      const texts = new Set();
      for (const id of chunk.moduleIds) {
        const text = licenses.get(id);
        if (text) texts.add(text.slice(2, -2).replace(/^\s*@license\s*/, '').trim());
      }
      if (texts.size === 0) return null;
      const header = `/*! @license\n${[...texts].join('\n\n').replace(/\*\//g, '* /')}\n*/\n`;
      return { code: header + code, map: null };
    },
  };
}
