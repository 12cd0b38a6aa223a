/** scripts/harness/wait.ts's `waitFor` with a timeout well inside a component test's own (10 s), so a failure names what it waited for. */
import { waitFor as waitForCondition, type NotYet } from '../../../scripts/harness/wait.ts';

export function waitFor<T>(what: string, check: () => Promise<T | NotYet> | T | NotYet): Promise<T> {
  return waitForCondition(what, check, 5_000);
}
