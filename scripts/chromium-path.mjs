import { existsSync } from 'node:fs';

/** The Chromium binary the browser tests and benchmarks drive: CHROME_PATH, else Debian's. */
export function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && existsSync(p));
}
