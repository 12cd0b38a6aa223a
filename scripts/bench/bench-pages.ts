/**
 * The host pages the browser benchmarks compare, beside the stack's demo page (ours, with the
 * one-line snippet, scripts/harness/stack.ts): the same page without the snippet, and the same
 * page embedding Twilio's Webchat React App as their README says (their `main.js`, a
 * `#twilio-webchat-widget-root` element, `Twilio.initWebchat({ serverUrl })` on DOMContentLoaded),
 * their built files served gzipped (as a CDN would; ours are too). Their page has no CSP: their
 * widget needs inline styles (Emotion) and their snippet is an inline script.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { demoCsp, demoPage } from '../demo-host.ts';
import { startHostServer } from '../harness/host-site.ts';
import type { Stack } from '../harness/stack.ts';
import { theirsBuilt } from './theirs-app.ts';

export interface BenchPages {
  /** The demo page without the snippet. */
  blankUrl: string;
  /** The demo page with their widget, or null when their app is not built. */
  theirsUrl: string | null;
  close(): Promise<void>;
}

const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}';
/** Their widget's back end: nothing listens there; their form renders without it. */
const THEIR_SERVER_URL = 'http://127.0.0.1:9';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
};

export async function startBenchPages(stack: Stack): Promise<BenchPages> {
  const host = await startHostServer();
  const ours = demoPage({ serverOrigin: stack.serverUrl, agentConsoleUrl: `${stack.emulator.url}/agent`, port: 0 });
  const snippet = `<script src="${stack.serverUrl}/loader.js" async></script>`;
  if (!ours.includes(snippet)) throw new Error('the demo page no longer carries the snippet as expected');
  const headers = { 'Content-Security-Policy': demoCsp(stack.serverUrl) };
  host.set('/blank.html', { body: ours.replace(snippet, ''), headers });
  host.set('/style.css', { body: STYLE, contentType: 'text/css; charset=utf-8', headers });

  const theirs = theirsBuilt();
  if (theirs) {
    for (const file of filesUnder(theirs.dir)) {
      const path = `/theirs/${relative(theirs.dir, file).split(sep).join('/')}`;
      host.set(path, {
        body: gzipSync(readFileSync(file)),
        contentType: CONTENT_TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream',
        headers: { 'Content-Encoding': 'gzip' },
      });
    }
    const embed = `<script src="/theirs/static/js/main.js"></script>
<div id="twilio-webchat-widget-root"></div>
<script>
window.addEventListener("DOMContentLoaded", () => {
  Twilio.initWebchat({ serverUrl: "${THEIR_SERVER_URL}" });
});
</script>`;
    host.set('/theirs.html', { body: ours.replace(snippet, embed) });
  }
  return {
    blankUrl: `${host.origin}/blank.html`,
    theirsUrl: theirs ? `${host.origin}/theirs.html` : null,
    close: () => host.close(),
  };
}
