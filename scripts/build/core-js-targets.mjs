// Rollup plugin: drops the core-js polyfills that the supported browsers do not need.
//
// The Conversations SDK's packages are compiled for old browsers and `require` core-js
// modules by name (`core-js/modules/es.array.includes.js`, …). The modules a browserslist
// query needs come from core-js-compat, for the installed core-js version; every other
// `core-js/modules/<name>` (or `core-js-pure/modules/<name>`) resolves to an empty module.
// A module the targets need resolves as usual and stays in the bundle.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import browserslist from 'browserslist';
import compat from 'core-js-compat';

const require = createRequire(import.meta.url);
const EMPTY_PREFIX = '\0core-js-not-needed:';
const MODULE_PATH = /^core-js(?:-pure)?\/modules\/((?:es|esnext|web)\.[\w.-]+?)(?:\.js)?$/;

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The browserslist query in effect: the one given, or the project's config (package.json). */
export function resolveTargets(targets, path = PROJECT_ROOT) {
  const query = targets ?? browserslist.loadConfig({ path });
  if (!query) throw new Error('core-js-targets: no browserslist query (set "browserslist" in package.json)');
  return query;
}

/** The set of core-js module names the targets need, for the installed core-js version. */
export function neededCoreJsModules(targets) {
  const version = require('core-js/package.json').version;
  const { list } = compat({ targets, version });
  return new Set(list);
}

/**
 * The decision for one import specifier: `null` when it is not a core-js module,
 * else `{ name, needed }`.
 */
export function coreJsDecision(source, needed) {
  const match = MODULE_PATH.exec(source);
  if (!match) return null;
  const name = match[1];
  return { name, needed: needed.has(name) };
}

/** The plugin. `targets`: a browserslist query; default: the project's browserslist config. */
export function coreJsForTargets({ targets, onDecisions } = {}) {
  const query = resolveTargets(targets);
  const needed = neededCoreJsModules(query);
  const kept = new Set();
  const emptied = new Set();
  return {
    name: 'core-js-for-targets',
    buildStart() {
      kept.clear();
      emptied.clear();
    },
    resolveId(source) {
      const decision = coreJsDecision(source, needed);
      if (!decision) return null;
      if (decision.needed) {
        kept.add(decision.name);
        return null;
      }
      emptied.add(decision.name);
      return { id: EMPTY_PREFIX + decision.name, moduleSideEffects: false };
    },
    load(id) {
      if (!id.startsWith(EMPTY_PREFIX)) return null;
      return '';
    },
    buildEnd() {
      onDecisions?.({ kept: [...kept].sort(), emptied: [...emptied].sort() });
    },
  };
}
