import type { Plugin } from 'rollup';

export interface CoreJsDecisions {
  /** core-js modules the targets need: resolved as usual. */
  kept: string[];
  /** core-js modules the targets do not need: resolved to an empty module. */
  emptied: string[];
}
/** The browserslist query in effect: the one given, or the project's config (package.json). */
export function resolveTargets(targets?: string | readonly string[], path?: string): string | readonly string[];
/** The set of core-js module names the targets need, for the installed core-js version. */
export function neededCoreJsModules(targets: string | readonly string[]): Set<string>;
/** `null` when `source` is not a core-js module specifier, else its name and whether it is needed. */
export function coreJsDecision(source: string, needed: ReadonlySet<string>): { name: string; needed: boolean } | null;
/** Rollup plugin: core-js modules the targets do not need resolve to an empty module. */
export function coreJsForTargets(options?: {
  targets?: string | readonly string[];
  onDecisions?: (decisions: CoreJsDecisions) => void;
}): Plugin;
