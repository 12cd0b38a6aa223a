/**
 * The build step that drops core-js polyfills (scripts/build/core-js-targets.mjs): a module the
 * targets need is kept, one they do not need resolves to an empty module, for the targets given
 * and for the project's own browserslist.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import { rollup } from 'rollup';
import {
  coreJsDecision,
  coreJsForTargets,
  neededCoreJsModules,
  resolveTargets,
  type CoreJsDecisions,
} from '../../scripts/build/core-js-targets.mjs';

// A virtual CommonJS file (the commonjs plugin skips ids that start with \0).
const ENTRY = new URL('./sdk-like-package.js', import.meta.url).pathname;

/** Bundles a CommonJS module that requires the given core-js modules, as the SDK's packages do. */
async function bundle(targets: string, modules: string[]): Promise<{ files: string[]; decisions: CoreJsDecisions }> {
  let decisions: CoreJsDecisions = { kept: [], emptied: [] };
  const entry = {
    name: 'entry',
    resolveId: (id: string) => (id === ENTRY ? id : null),
    load: (id: string) =>
      id === ENTRY
        ? modules.map((m) => `require('core-js/modules/${m}.js');`).join('\n') + '\nmodule.exports = 1;'
        : null,
  };
  const build = await rollup({
    input: ENTRY,
    plugins: [entry, coreJsForTargets({ targets, onDecisions: (d) => (decisions = d) }), nodeResolve(), commonjs()],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  // The files of core-js that ended up in the bundle (rendered, i.e. not tree-shaken away).
  const files = Object.entries(output[0].modules)
    .filter(([id, m]) => id.includes('/node_modules/core-js/') && m.renderedLength > 0)
    .map(([id]) => id.slice(id.indexOf('/core-js/') + 1));
  return { files, decisions };
}

test('a browser that lacks Array.prototype.includes keeps its polyfill; a current one drops it', async () => {
  const old = await bundle('chrome 40', ['es.array.includes', 'es.typed-array.at']);
  assert.deepEqual(old.decisions, { kept: ['es.array.includes', 'es.typed-array.at'], emptied: [] });
  assert.ok(old.files.includes('core-js/modules/es.array.includes.js'), old.files.join(', '));
  assert.ok(old.files.includes('core-js/modules/es.typed-array.at.js'));
  assert.ok(
    old.files.some((f) => f.startsWith('core-js/internals/')),
    'with the internals they use',
  );

  const current = await bundle('chrome 140', ['es.array.includes', 'es.typed-array.at']);
  assert.deepEqual(current.decisions, { kept: [], emptied: ['es.array.includes', 'es.typed-array.at'] });
  assert.deepEqual(current.files, [], 'nothing of core-js is left in the bundle');
});

test('decisions follow core-js-compat for the query, by exact module name', () => {
  const needed = neededCoreJsModules('chrome 52');
  assert.deepEqual(coreJsDecision('core-js/modules/es.array.includes.js', needed), {
    name: 'es.array.includes',
    needed: true,
  });
  assert.deepEqual(coreJsDecision('core-js/modules/es.promise', needed), { name: 'es.promise', needed: true });
  assert.deepEqual(coreJsDecision('core-js/modules/es.symbol.js', neededCoreJsModules('chrome 140')), {
    name: 'es.symbol',
    needed: false,
  });
  assert.deepEqual(coreJsDecision('core-js-pure/modules/es.map.js', neededCoreJsModules('chrome 140')), {
    name: 'es.map',
    needed: false,
  });
  assert.equal(coreJsDecision('core-js/internals/export.js', needed), null);
  assert.equal(coreJsDecision('loglevel', needed), null);
});

test("the project's browserslist drops the SDK's typed-array, collection and URL polyfills", () => {
  const needed = neededCoreJsModules(resolveTargets());
  for (const name of [
    'es.typed-array.at',
    'es.map',
    'es.set',
    'es.promise',
    'es.symbol',
    'web.url',
    'web.dom-collections.iterator',
  ]) {
    assert.equal(needed.has(name), false, `${name} is not needed by the supported browsers`);
  }
});
