/**
 * End-to-end helpers for the tests: the visitor's steps (scripts/harness/visitor.ts, shared with
 * the benchmarks) and condition polling (scripts/harness/wait.ts). The stack and browser fixtures are
 * in test/support/fixtures.ts.
 */
export * from '../../../scripts/harness/visitor.ts';
export { waitFor, WAIT_MS } from '../../../scripts/harness/wait.ts';
