/**
 * axe-core inside the component tests: the mounted view must have no violations. Rules about a
 * whole page (one main landmark, a level-one heading, everything in landmarks) do not apply to a
 * view on its own; test/e2e/ux.test.ts runs axe on the whole widget page on the real stack.
 */
import 'axe-core';
import type { AxeResults, NodeResult, RunOptions } from 'axe-core';
import { deepEqual } from './assert.ts';

interface AxeApi {
  run(context: Element, options: RunOptions): Promise<AxeResults>;
}

const PAGE_RULES = ['region', 'landmark-one-main', 'page-has-heading-one'];

/** What axe measured on a failing node (colours and ratio for color-contrast), as JSON. */
function detail(node: NodeResult): string {
  const data: unknown = node.any[0]?.data ?? node.all[0]?.data;
  return data && typeof data === 'object' ? JSON.stringify(data) : '';
}

/** Waits for the finite animations under `root` to end (a view fading in has, until then, a colour it never rests at). */
async function animationsSettled(root: Element): Promise<void> {
  const running = root
    .getAnimations({ subtree: true })
    .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
  await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
}

/** The violations in `root`, as `rule id: failing selectors` lines. */
export async function axeViolations(root: Element): Promise<string[]> {
  const { axe } = window as unknown as { axe: AxeApi };
  const options: RunOptions = { rules: Object.fromEntries(PAGE_RULES.map((id) => [id, { enabled: false }])) };
  await animationsSettled(root);
  const results = await axe.run(root, options);
  return results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.nodes.map((n) => `${n.target.join(' ')} ${detail(n)}`).join(', ')}`,
  );
}

/** Fails with axe's findings unless there are none. */
export async function assertAccessible(root: Element, where = 'the view'): Promise<void> {
  deepEqual(await axeViolations(root), [], `axe-core in ${where}`);
}
