/** What the finder may look at: the real machine (`realHost`) or, in tests, a view of another. */
export interface FinderHost {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** Whether the path is an executable file. */
  isExecutable(path: string): boolean;
  /** A text file's content, or undefined (only /etc/os-release is read). */
  readFile(path: string): string | undefined;
  isRoot: boolean;
}

export const realHost: FinderHost;
/** Every path the finder tries, in order (CHROME_PATH first), for a platform and environment. */
export function browserCandidates(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[];
/** The Chrome, Chromium or Edge binary to drive, or undefined (also when CHROME_PATH is set but wrong). */
export function findBrowser(host?: FinderHost): string | undefined;
/** The browser, or throws an Error saying how to get one on this platform. */
export function requireBrowser(host?: FinderHost): string;
/** `apt-get update && apt-get install -y chromium` where npm test installs it unasked (root, Debian/Ubuntu, apt-get), else undefined. */
export function autoInstallCommand(host?: FinderHost): string | undefined;
/** The one command that installs a browser on this platform, if there is one. */
export function installHint(host?: FinderHost): string | undefined;
/** What to tell a developer when no browser is found. */
export function noBrowserMessage(host?: FinderHost): string;
/** For npm test: the browser, installed first on root Debian/Ubuntu; or the message saying what to do. */
export function ensureBrowser(
  host?: FinderHost,
  run?: (command: string) => boolean,
  log?: (line: string) => void,
): { path: string; message?: undefined } | { path?: undefined; message: string };
