/** The browser finder of npm test, the benchmarks and the browser tests, on views of other machines. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  autoInstallCommand,
  browserCandidates,
  ensureBrowser,
  findBrowser,
  noBrowserMessage,
  type FinderHost,
} from '../../scripts/find-browser.mjs';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';

/** A machine with exactly these executable files. */
function view(
  platform: NodeJS.Platform,
  files: string[],
  options: { env?: Record<string, string>; osRelease?: string; isRoot?: boolean } = {},
): FinderHost {
  const executables = new Set(files);
  return {
    platform,
    env: options.env ?? {},
    isExecutable: (path) => executables.has(path),
    readFile: (path) => (path === '/etc/os-release' ? options.osRelease : undefined),
    isRoot: options.isRoot ?? false,
  };
}

describe('browser finder', () => {
  test('CHROME_PATH comes first, wherever it points', () => {
    const host = view('linux', ['/usr/bin/chromium', '/home/ada/chrome/chrome'], {
      env: { CHROME_PATH: '/home/ada/chrome/chrome' },
    });
    assert.equal(findBrowser(host), '/home/ada/chrome/chrome');
  });

  test('a CHROME_PATH with no browser there is reported, not passed over', () => {
    const host = view('linux', ['/usr/bin/chromium'], { env: { CHROME_PATH: '/nowhere/chrome' }, osRelease: DEBIAN });
    assert.equal(findBrowser(host), undefined);
    assert.match(noBrowserMessage(host), /CHROME_PATH is "\/nowhere\/chrome", which is not an executable file/);
  });

  test("Linux: Debian's chromium, Google Chrome, Edge, or a name on PATH", () => {
    assert.equal(findBrowser(view('linux', ['/usr/bin/chromium'])), '/usr/bin/chromium');
    assert.equal(findBrowser(view('linux', ['/opt/google/chrome/chrome'])), '/opt/google/chrome/chrome');
    assert.equal(
      findBrowser(view('linux', ['/opt/google/chrome-unstable/chrome'])),
      '/opt/google/chrome-unstable/chrome',
    );
    assert.equal(findBrowser(view('linux', ['/opt/microsoft/msedge/msedge'])), '/opt/microsoft/msedge/msedge');
    assert.equal(
      findBrowser(view('linux', ['/home/ada/bin/google-chrome-stable'], { env: { PATH: '/usr/bin:/home/ada/bin' } })),
      '/home/ada/bin/google-chrome-stable',
    );
    // Chromium is preferred to Chrome when both are there.
    assert.equal(findBrowser(view('linux', ['/opt/google/chrome/chrome', '/usr/bin/chromium'])), '/usr/bin/chromium');
  });

  test("macOS: the apps in /Applications, or in the user's own ~/Applications", () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    assert.equal(findBrowser(view('darwin', [chrome])), chrome);
    const canary = '/Applications/Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary';
    assert.equal(findBrowser(view('darwin', [canary])), canary);
    const edge = '/Users/ada/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    assert.equal(findBrowser(view('darwin', [edge], { env: { HOME: '/Users/ada' } })), edge);
  });

  test('Windows: per-user and per-machine installs of Chrome and Edge', () => {
    const env = {
      LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local',
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
    };
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    assert.equal(findBrowser(view('win32', [edge], { env })), edge);
    const canary = 'C:\\Users\\ada\\AppData\\Local\\Google\\Chrome SxS\\Application\\chrome.exe';
    assert.equal(findBrowser(view('win32', [canary], { env })), canary);
    assert.ok(browserCandidates('win32', env).includes('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'));
  });

  test('none found: the one command for the platform, and CHROME_PATH', () => {
    const message = (host: FinderHost) => noBrowserMessage(host);
    assert.equal(
      message(view('darwin', [])),
      'No Chrome, Chromium or Edge found: install one with `brew install --cask google-chrome`, or set CHROME_PATH to a Chrome, Chromium or Edge binary.',
    );
    assert.match(message(view('win32', [])), /`winget install -e --id Google\.Chrome`, or set CHROME_PATH/);
    assert.match(
      message(view('linux', ['/usr/bin/apt-get'], { osRelease: UBUNTU })),
      /`sudo apt-get update && sudo apt-get install -y chromium`, or set CHROME_PATH/,
    );
    assert.match(message(view('linux', ['/usr/bin/dnf'], { osRelease: FEDORA })), /`sudo dnf install -y chromium`/);
    assert.match(
      message(view('freebsd', [])),
      /install Chromium or Google Chrome with your package manager, or set CHROME_PATH/,
    );
  });

  test('none found as root on Debian or Ubuntu with apt-get: installs chromium, printing the command, then goes on', () => {
    const files = ['/usr/bin/apt-get'];
    const host = view('linux', files, { osRelease: DEBIAN, isRoot: true });
    const ran: string[] = [];
    const printed: string[] = [];
    const result = ensureBrowser(
      { ...host, isExecutable: (p) => files.includes(p) },
      (command) => {
        ran.push(command);
        files.push('/usr/bin/chromium');
        return true;
      },
      (line) => printed.push(line),
    );
    assert.deepEqual(ran, ['apt-get update && apt-get install -y chromium']);
    assert.match(printed.join('\n'), /\$ apt-get update && apt-get install -y chromium/);
    assert.deepEqual(result, { path: '/usr/bin/chromium' });
    assert.equal(
      autoInstallCommand(view('linux', ['/usr/bin/apt-get'], { osRelease: UBUNTU, isRoot: true })),
      'apt-get update && apt-get install -y chromium',
    );
  });

  test('never installs unasked elsewhere: not root, not Debian-like, no apt-get, another platform', () => {
    const never = () => assert.fail('must not install');
    const cases: FinderHost[] = [
      view('linux', ['/usr/bin/apt-get'], { osRelease: DEBIAN, isRoot: false }),
      view('linux', ['/usr/bin/dnf'], { osRelease: FEDORA, isRoot: true }),
      view('linux', [], { osRelease: DEBIAN, isRoot: true }),
      view('darwin', [], { isRoot: true }),
    ];
    for (const host of cases) {
      const result = ensureBrowser(host, never, never);
      assert.ok(result.message?.startsWith('No Chrome, Chromium or Edge found'), result.message);
    }
    const failed = ensureBrowser(
      view('linux', ['/usr/bin/apt-get'], { osRelease: DEBIAN, isRoot: true }),
      () => false,
      () => {},
    );
    assert.match(failed.message ?? '', /^Installing chromium failed/);
  });
});
