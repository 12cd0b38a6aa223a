/** The Chromium binary the browser tests and benchmarks drive: CHROME_PATH, else Debian's. */
export function findChromium(): string | undefined;
