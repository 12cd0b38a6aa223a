/**
 * Twilio's Webchat React App (github.com/twilio/twilio-webchat-react-app), built for the
 * side-by-side benchmarks into `.bench/theirs/` (gitignored), or into THEIRS_DIR.
 *
 *   npx tsx scripts/bench/theirs-app.ts                    clones their repository from GitHub
 *   npx tsx scripts/bench/theirs-app.ts --from <dir>       a checkout or a bare git directory of it
 *
 * Their app is not published on npm, so its source comes from GitHub (or a copy of it): where
 * GitHub is out of reach (CI) nothing is built and the benchmarks measure ours alone. The build
 * follows their README ("yarn build", which is `react-app-rewired build`: one `static/js/main.js`)
 * at a pinned commit, with their yarn.lock (yarn 1 from npm), except:
 *   - dependencies only their server, tests and lint use are left out of the install (the bundle
 *     does not contain them: `@sendgrid/mail`, `googleapis*`, `google-auth-library`, Cypress,
 *     Jest, ESLint, Express…); their install scripts are not run (only Cypress's binary download);
 *   - type errors do not stop the build (TSC_COMPILE_ON_ERROR: with their test tools left out,
 *     their tests' files no longer type-check; type-checking changes nothing in the output);
 *   - no source maps; transcripts off (their default; EMAIL/DOWNLOAD_TRANSCRIPT_ENABLED=false).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Their repository at the commit measured (their README's January update). */
export const THEIRS_REPO = 'https://github.com/twilio/twilio-webchat-react-app';
export const THEIRS_COMMIT = '367c8b377dd5974bdba8f0406e6abec093ba8665';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where their build lives: THEIRS_DIR, or `.bench/theirs` in the repository. */
export const THEIRS_DIR = resolve(process.env.THEIRS_DIR ?? join(ROOT, '.bench/theirs'));
/** Their built static files (`index.html`, `static/js/main.js`). */
export const THEIRS_BUILD = join(THEIRS_DIR, 'build');
export const THEIRS_HOW_TO_BUILD = 'npx tsx scripts/bench/theirs-app.ts';

/** What of their repository the build needs. */
const SOURCE_PATHS = ['src', 'public', 'config-overrides.js', 'package.json', 'yarn.lock', 'tsconfig.json'];
/** Their dependencies the widget bundle does not contain (their server's, tests', lint's). */
const SERVER_ONLY = ['@sendgrid/mail', 'googleapis', 'google-auth-library', 'googleapis-common'];
const YARN = 'yarn@1.22.22';

/** Their built main script, or null when it has not been built (the benchmarks then skip theirs). */
export function theirsBuilt(): { dir: string; mainJs: string } | null {
  const mainJs = join(THEIRS_BUILD, 'static/js/main.js');
  return existsSync(mainJs) ? { dir: THEIRS_BUILD, mainJs } : null;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args[0] ?? ''} failed (exit ${result.status ?? 'signal'})`);
}

/** Puts their source at the pinned commit into `into`, from a checkout, a bare git directory or GitHub. */
function checkOut(from: string | undefined, into: string): void {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  let gitDir = from;
  if (!from) {
    gitDir = join(THEIRS_DIR, 'repo.git');
    if (!existsSync(gitDir)) {
      try {
        run('git', ['clone', '--bare', '--filter=blob:limit=1m', THEIRS_REPO, gitDir], ROOT);
      } catch {
        rmSync(gitDir, { recursive: true, force: true });
        throw new Error(`could not clone ${THEIRS_REPO}: pass --from <a checkout or git directory of it>`);
      }
    }
  } else if (existsSync(join(from, 'package.json')) && !existsSync(join(from, '.git'))) {
    // A plain copy of their files (no history): taken as it is.
    for (const path of SOURCE_PATHS) cpSync(join(from, path), join(into, path), { recursive: true });
    return;
  } else if (existsSync(join(from, '.git'))) {
    gitDir = join(from, '.git');
  }
  const archive = spawnSync('git', ['--git-dir', gitDir!, 'archive', THEIRS_COMMIT, '--', ...SOURCE_PATHS], {
    maxBuffer: 256 * 1024 * 1024,
  });
  if (archive.status !== 0) throw new Error(`git archive ${THEIRS_COMMIT} failed: ${archive.stderr.toString()}`);
  const untar = spawnSync('tar', ['-x', '-C', into], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString()}`);
}

/** Their package.json without what the bundle does not contain (their build scripts unchanged). */
function pruneDependencies(source: string): void {
  const file = join(source, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  for (const name of SERVER_ONLY) delete pkg.dependencies[name];
  pkg.devDependencies = Object.fromEntries(
    Object.entries(pkg.devDependencies).filter(([name]) => name === 'typescript' || name.startsWith('@types/')),
  );
  writeFileSync(file, JSON.stringify(pkg, null, 2));
}

export function buildTheirs(from: string | undefined): void {
  const source = join(THEIRS_DIR, 'src');
  checkOut(from, source);
  pruneDependencies(source);
  run('npx', ['-y', YARN, 'install', '--pure-lockfile', '--ignore-scripts', '--non-interactive'], source, {
    CYPRESS_INSTALL_BINARY: '0',
  });
  run('npx', ['react-app-rewired', 'build'], source, {
    CI: 'true',
    TSC_COMPILE_ON_ERROR: 'true',
    DISABLE_ESLINT_PLUGIN: 'true',
    GENERATE_SOURCEMAP: 'false',
    // Their defaults (transcripts off), spelled out: their webpack config requires both set.
    EMAIL_TRANSCRIPT_ENABLED: 'false',
    DOWNLOAD_TRANSCRIPT_ENABLED: 'false',
    NODE_OPTIONS: '--max-old-space-size=2048',
  });
  rmSync(THEIRS_BUILD, { recursive: true, force: true });
  cpSync(join(source, 'build'), THEIRS_BUILD, { recursive: true });
  const built = theirsBuilt();
  if (!built) throw new Error('their build has no static/js/main.js');
  const bytes = statSync(built.mainJs).size;
  const gzipped = gzipSync(readFileSync(built.mainJs), { level: 9 }).length;
  writeFileSync(
    join(THEIRS_DIR, 'build-info.json'),
    JSON.stringify({ repo: THEIRS_REPO, commit: THEIRS_COMMIT, builtAt: new Date().toISOString(), bytes, gzipped }),
  );
  console.log(`theirs: ${built.mainJs}, ${bytes} bytes, ${gzipped} gzipped`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--from');
  buildTheirs(at > 0 ? resolve(process.argv[at + 1] ?? '') : undefined);
}
