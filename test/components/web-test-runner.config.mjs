// @web/test-runner: the widget's Preact views (widget/ui/) mounted in a real browser page, one
// test file per view (test/components/*.test.tsx), with axe-core inside the tests. The browser
// is the one `npm test` drives (scripts/find-browser.mjs: CHROME_PATH, else the usual places),
// through @web/test-runner-chrome; TSX is compiled by esbuild with the repository's tsconfig
// (jsx: react-jsx, jsxImportSource: preact). `npm test` runs this with the count reporter;
// on its own: `npx web-test-runner --config test/components/web-test-runner.config.mjs`.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { requireBrowser } from '../../scripts/find-browser.mjs';
import { countReporter } from '../../scripts/wtr-count-reporter.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Where `npm test` reads the counts (set by scripts/test.mjs). */
const summary = process.env.WTR_SUMMARY;

export default {
  rootDir: root,
  files: ['test/components/**/*.test.tsx'],
  nodeResolve: { browser: true },
  // One page at a time: a page in a background tab gets no animation frames or ResizeObserver
  // callbacks, which the views (and the scroll tests) depend on.
  concurrency: 1,
  // Under `npm test` no progress bar redrawn with escape codes: plain lines, readable in CI logs.
  staticLogging: Boolean(summary),
  browserStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [
    esbuildPlugin({ ts: true, tsx: true, tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: requireBrowser(),
        headless: true,
        // Kept off the network (see /work/shared/docs/toolchain.md).
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
          '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
        ],
      },
    }),
  ],
  // Under `npm test`: one plain line per test (failures with their errors), and the counts.
  reporters: summary ? [summaryReporter(), countReporter({ destination: summary })] : [defaultReporter()],
};
