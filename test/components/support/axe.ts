/**
 * axe-core inside the component tests: the mounted view must have no violations. Rules about a
 * whole page (one main landmark, a level-one heading, everything in landmarks) do not apply to a
 * view on its own; test/e2e/ux.test.ts runs axe on the whole widget page on the real stack.
 */
import 'axe-core';
import type { AxeResults, RunOptions } from 'axe-core';
import { deepEqual } from './assert.ts';

interface AxeApi {
  run(context: Element, options: RunOptions): Promise<AxeResults>;
}

const PAGE_RULES = ['region', 'landmark-one-main', 'page-has-heading-one'];

/** The violations in `root`, as `rule id: failing selectors` lines. */
export async function axeViolations(root: Element): Promise<string[]> {
  const { axe } = window as unknown as { axe: AxeApi };
  const options: RunOptions = { rules: Object.fromEntries(PAGE_RULES.map((id) => [id, { enabled: false }])) };
  const results = await axe.run(root, options);
  return results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Fails with axe's findings unless there are none. */
export async function assertAccessible(root: Element, where = 'the view'): Promise<void> {
  deepEqual(await axeViolations(root), [], `axe-core in ${where}`);
}
