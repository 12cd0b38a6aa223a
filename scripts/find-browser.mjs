// Finds the Chrome-family browser that the browser tests, the benchmarks and the screenshot
// script drive (through playwright-core, which never downloads one here), the way Chrome tooling
// does: CHROME_PATH, then the usual install locations of Chromium, Google Chrome (stable, beta,
// dev, canary) and Microsoft Edge on Linux, macOS and Windows, then the same names on PATH.
//
// The Chrome and Edge locations are playwright-core's own channel table (its registry's
// `_createChromiumChannel` entries, playwright-core 1.65.1): the same places `channel: 'chrome'`
// etc. would look, for every platform, which the library does not export. Chromium's locations are
// the distributions' packages (Debian/Ubuntu/Fedora/Arch, snap, Homebrew cask, Windows installer).
//
// Everything that touches the machine comes in through `FinderHost`, so tests give a view of a
// file system of another platform.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Absolute locations by platform, in order of preference. Windows ones are relative to each install root. */
const LOCATIONS = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/lib/chromium/chromium',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
    '/opt/google/chrome-beta/chrome',
    '/opt/google/chrome-unstable/chrome',
    '/opt/google/chrome-canary/chrome',
    '/opt/microsoft/msedge/msedge',
    '/opt/microsoft/msedge-beta/msedge',
    '/opt/microsoft/msedge-dev/msedge',
  ],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Google Chrome Beta.app/Contents/MacOS/Google Chrome Beta',
    '/Applications/Google Chrome Dev.app/Contents/MacOS/Google Chrome Dev',
    '/Applications/Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    '/Applications/Microsoft Edge Beta.app/Contents/MacOS/Microsoft Edge Beta',
    '/Applications/Microsoft Edge Dev.app/Contents/MacOS/Microsoft Edge Dev',
    '/Applications/Microsoft Edge Canary.app/Contents/MacOS/Microsoft Edge Canary',
  ],
  win32: [
    '\\Chromium\\Application\\chrome.exe',
    '\\Google\\Chrome\\Application\\chrome.exe',
    '\\Google\\Chrome Beta\\Application\\chrome.exe',
    '\\Google\\Chrome Dev\\Application\\chrome.exe',
    '\\Google\\Chrome SxS\\Application\\chrome.exe',
    '\\Microsoft\\Edge\\Application\\msedge.exe',
    '\\Microsoft\\Edge Beta\\Application\\msedge.exe',
    '\\Microsoft\\Edge Dev\\Application\\msedge.exe',
    '\\Microsoft\\Edge SxS\\Application\\msedge.exe',
  ],
};

/** Names looked up on PATH when no known location has a browser (Linux and other Unixes). */
const PATH_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'google-chrome-beta',
  'google-chrome-unstable',
  'microsoft-edge',
  'microsoft-edge-stable',
];

/** The real machine. */
export const realHost = {
  platform: process.platform,
  env: process.env,
  isExecutable(path) {
    try {
      if (!statSync(path).isFile()) return false;
      if (process.platform !== 'win32') accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
};

/** Every path the finder tries, in order (CHROME_PATH first), for a platform and environment. */
export function browserCandidates(platform, env) {
  const out = [];
  if (env.CHROME_PATH) out.push(env.CHROME_PATH);
  if (platform === 'win32') {
    const roots = [
      env.LOCALAPPDATA,
      env.PROGRAMFILES,
      env['PROGRAMFILES(X86)'],
      env.HOMEDRIVE && `${env.HOMEDRIVE}\\Program Files`,
      env.HOMEDRIVE && `${env.HOMEDRIVE}\\Program Files (x86)`,
    ].filter(Boolean);
    for (const suffix of LOCATIONS.win32) for (const root of roots) out.push(win32.join(root, suffix));
    return unique(out);
  }
  out.push(...(platform === 'darwin' ? LOCATIONS.darwin : LOCATIONS.linux));
  if (platform === 'darwin' && env.HOME) {
    // Installed for one user only (drag-and-drop into ~/Applications).
    for (const app of LOCATIONS.darwin) out.push(posix.join(env.HOME, app));
  }
  for (const dir of (env.PATH ?? '').split(':').filter(Boolean)) {
    for (const name of PATH_NAMES) out.push(posix.join(dir, name));
  }
  return unique(out);
}

function unique(list) {
  return [...new Set(list)];
}

/**
 * The browser binary to drive, or undefined. A CHROME_PATH that is set but holds no browser is
 * reported (`badChromePath`) rather than silently passed over.
 */
export function findBrowser(host = realHost) {
  const chromePath = host.env.CHROME_PATH;
  if (chromePath && !host.isExecutable(chromePath)) return undefined;
  return browserCandidates(host.platform, host.env).find((p) => host.isExecutable(p));
}

/** The Chrome-family browser, or a thrown Error that says how to get one. */
export function requireBrowser(host = realHost) {
  const found = findBrowser(host);
  if (found) return found;
  throw new Error(noBrowserMessage(host));
}

/** Whether this machine is Debian or Ubuntu (or derived from them), from /etc/os-release. */
function isDebianLike(host) {
  const text = host.readFile('/etc/os-release');
  if (!text) return false;
  const field = (name) => (text.match(new RegExp(`^${name}=(.*)$`, 'm'))?.[1] ?? '').replace(/^["']|["']$/g, '');
  const ids = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/);
  return ids.includes('debian') || ids.includes('ubuntu');
}

function hasAptGet(host) {
  return ['/usr/bin/apt-get', '/bin/apt-get'].some((p) => host.isExecutable(p));
}

/** The command that installs Chromium here, as root, or undefined where npm test must not do it itself. */
export function autoInstallCommand(host = realHost) {
  if (host.platform !== 'linux' || !host.isRoot || !isDebianLike(host) || !hasAptGet(host)) return undefined;
  return 'apt-get update && apt-get install -y chromium';
}

/** The one command a developer runs on this platform to get a browser. */
export function installHint(host = realHost) {
  switch (host.platform) {
    case 'darwin':
      return 'brew install --cask google-chrome';
    case 'win32':
      return 'winget install -e --id Google.Chrome';
    case 'linux': {
      const sudo = host.isRoot ? '' : 'sudo ';
      if (isDebianLike(host) || hasAptGet(host)) return `${sudo}apt-get update && ${sudo}apt-get install -y chromium`;
      if (host.isExecutable('/usr/bin/dnf')) return `${sudo}dnf install -y chromium`;
      if (host.isExecutable('/usr/bin/pacman')) return `${sudo}pacman -S --noconfirm chromium`;
      if (host.isExecutable('/usr/bin/zypper')) return `${sudo}zypper install -y chromium`;
      if (host.isExecutable('/sbin/apk')) return `${sudo}apk add chromium`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** What to tell a developer when no browser is found. */
export function noBrowserMessage(host = realHost) {
  const chromePath = host.env.CHROME_PATH;
  if (chromePath && !host.isExecutable(chromePath)) {
    return `CHROME_PATH is "${chromePath}", which is not an executable file: point it at a Chrome, Chromium or Edge binary, or unset it.`;
  }
  const hint = installHint(host);
  const how = hint ? `install one with \`${hint}\`` : 'install Chromium or Google Chrome with your package manager';
  return `No Chrome, Chromium or Edge found: ${how}, or set CHROME_PATH to a Chrome, Chromium or Edge binary.`;
}

/**
 * For npm test: the browser, installing Debian's chromium first when this machine is one where
 * that is safe to do unasked (root on Debian/Ubuntu with apt-get: a container, a CI runner).
 * Returns { path } or { message } (why not, and what to do).
 */
export function ensureBrowser(host = realHost, run = runShell, log = console.log) {
  const found = findBrowser(host);
  if (found) return { path: found };
  const command = host.env.CHROME_PATH ? undefined : autoInstallCommand(host);
  if (command) {
    log(`No Chrome, Chromium or Edge found: installing Debian's chromium.\n$ ${command}`);
    if (run(command)) {
      const installed = findBrowser(host);
      if (installed) return { path: installed };
    }
    return { message: `Installing chromium failed (\`${command}\`): ${noBrowserMessage(host)}` };
  }
  return { message: noBrowserMessage(host) };
}

function runShell(command) {
  const result = spawnSync('sh', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}
