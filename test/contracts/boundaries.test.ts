/**
 * The parts (loader/, widget/, server/, emulator/) import contracts/, never each other, and
 * contracts/ imports no part. Tests may import anything; a part's rollup config may
 * use the build helpers in scripts/build/. Scripts (benchmarks, soak, screenshots) never import test/:
 * what they share with the tests lives in scripts/harness/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { it } from 'node:test';

const root = resolve(import.meta.dirname, '../..');
const PARTS = ['loader', 'widget', 'server', 'emulator', 'contracts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [path] : [];
  });
}

it('parts import contracts/, never each other; contracts/ imports no part', () => {
  const crossings: string[] = [];
  for (const part of PARTS) {
    for (const file of sources(join(root, part))) {
      const text = readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
        const path = relative(root, resolve(file, '..', specifier!)).split(sep);
        const target = path.length > 1 ? path[0] : undefined; // undefined: a file at the root (package.json)
        const allowed = target === undefined || target === part || (part !== 'contracts' && target === 'contracts');
        if (!allowed) crossings.push(`${relative(root, file)} imports ${specifier}`);
      }
    }
  }
  assert.deepEqual(crossings, []);
});

it('scripts/ (benchmarks, soak, screenshots, the harness they share with the tests) import nothing from test/', () => {
  const crossings: string[] = [];
  for (const file of sources(join(root, 'scripts'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = relative(root, resolve(file, '..', specifier!)).split(sep)[0];
      if (target === 'test') crossings.push(`${relative(root, file)} imports ${specifier}`);
    }
  }
  assert.deepEqual(crossings, []);
});
