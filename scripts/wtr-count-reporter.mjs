// @web/test-runner reporter that counts leaf tests like scripts/count-reporter.mjs does for
// node:test (suites are not counted; skipped tests are neither passed nor failed) and writes one
// JSON object `{ passed, failed }` to `destination`. A test file that failed outside its tests
// (it could not load, a hook threw, the page errored) counts as one failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function countSuite(suite, counts) {
  for (const test of suite.tests) {
    if (test.skipped) continue;
    if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites) countSuite(child, counts);
}

/** @param {{ destination: string }} options */
export function countReporter({ destination }) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0 };
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults, counts);
        if (session.errors.length > 0 || (session.passed === false && !session.testResults)) counts.failed += 1;
      }
      mkdirSync(dirname(destination), { recursive: true });
      writeFileSync(destination, JSON.stringify(counts));
    },
  };
}
