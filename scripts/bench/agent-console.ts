/**
 * Agent console benchmark: the emulator (in this process, auto-agent off) holding 1,000 web chats,
 * each with its visitor's question, and the agent console (dist/agent-console, built) in headless
 * Chromium. In-page figures through the Chrome DevTools Protocol (scripts/bench/cdp.ts), each the
 * median of RUNS fresh pages:
 *
 *   - load → first entry: navigation until the list's first entry is in the DOM (the page, its
 *     script, `GET /emulator/conversations` of 1,000 summaries, sorting, render), with the long
 *     tasks on the renderer's main thread from navigation to 500 ms after, and the entries rendered;
 *   - JS heap after load (after a GC);
 *   - live change: a visitor's message to the oldest conversation (control API) until its entry is
 *     the list's first (the event with the conversation applied, 1,000 re-filtered and re-sorted);
 *   - search: a visitor's name typed (real input) until that entry is shown, one in the middle of
 *     the list and not rendered before (includes the console's 150 ms debounce and the emulator's
 *     search over 1,000 conversations and their messages).
 *
 *   npx tsx scripts/bench/agent-console.ts      (needs `npm run build` first)
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../harness/browser.ts';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { EmulatorControl } from '../../emulator/control-client.ts';
import { blockingTime, now, PageProbe, spread } from './cdp.ts';

const RUNS = 5;
const CONVERSATIONS = 1000;
const IN_FLIGHT = 20;
const CONSOLE_INDEX = fileURLToPath(new URL('../../dist/agent-console/index.html', import.meta.url));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** "median (min–max)" for a table cell. */
function cell(values: number[], digits = 1): string {
  const { min, median, max } = spread(values, digits);
  return `${median} (${min}–${max})`;
}

interface Chat {
  sid: string;
  identity: string;
  name: string;
}

/** Web chats "Bench visitor 0000" … "0999", each with its question posted, oldest first. */
async function seed(emulator: RunningEmulator): Promise<Chat[]> {
  const { apiKeySid, apiKeySecret, flexAddressSid } = emulator.credentials;
  const auth = `Basic ${Buffer.from(`${apiKeySid}:${apiKeySecret}`).toString('base64')}`;
  const chats: Chat[] = [];
  const create = async (n: number): Promise<Chat> => {
    const name = `Bench visitor ${String(n).padStart(4, '0')}`;
    const response = await fetch(`${emulator.url}/flex-api/v2/WebChats`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        AddressSid: flexAddressSid,
        CustomerFriendlyName: name,
        PreEngagementData: JSON.stringify({ friendlyName: name, question: `Question ${n} about my order` }),
      }),
    });
    if (response.status !== 201) throw new Error(`WebChats: ${response.status} ${await response.text()}`);
    const chat = (await response.json()) as { conversation_sid: string; identity: string };
    const question = await fetch(`${emulator.url}/conversations/v1/Conversations/${chat.conversation_sid}/Messages`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Author: chat.identity, Body: `Question ${n} about my order` }),
    });
    if (question.status !== 201) throw new Error(`Messages: ${question.status}`);
    return { sid: chat.conversation_sid, identity: chat.identity, name };
  };
  for (let n = 0; n < CONVERSATIONS; n += IN_FLIGHT) {
    const batch = Array.from({ length: Math.min(IN_FLIGHT, CONVERSATIONS - n) }, (_, k) => create(n + k));
    chats.push(...(await Promise.all(batch)));
  }
  return chats;
}

interface RunFigures {
  loadMs: number;
  longestTaskMs: number;
  blockingMs: number;
  rendered: number;
  heapMb: number;
  liveMs: number;
  searchMs: number;
}

async function measure(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  emulator: RunningEmulator,
  live: Chat,
  searched: Chat,
): Promise<RunFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const probe = await PageProbe.attach(context, page, [
    { name: 'first', selector: '.conversation-list .conversation', frame: 'top' },
    {
      name: 'moved',
      selector: `.conversation-list > li:first-child > .conversation[title="${live.sid}"]`,
      frame: 'top',
    },
    { name: 'found', selector: `.conversation[title="${searched.sid}"]`, frame: 'top' },
  ]);
  try {
    let startedAt = 0;
    let firstAt = 0;
    const tasks = await probe.mainThreadTasks(async () => {
      startedAt = now();
      await probe.navigate(`${emulator.url}/agent`);
      firstAt = (await probe.signal('first')).at;
      await sleep(500);
    });
    const rendered = await probe.evaluate<number>(`document.querySelectorAll('.conversation').length`);
    const heapMb = (await probe.heapUsed()) / 1024 / 1024;

    const control = new EmulatorControl(emulator.url);
    const postedAt = now();
    await control.agentSays(live.sid, 'One more thing…', undefined, live.identity);
    const movedAt = (await probe.signal('moved')).at;
    await sleep(300);

    const box = await probe.evaluate<{ x: number; y: number }>(
      `(() => { const r = document.querySelector('input[type=search]').getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
    );
    await probe.click(box.x, box.y);
    const typedAt = now();
    await probe.type(searched.name);
    const foundAt = (await probe.signal('found')).at;

    return {
      loadMs: firstAt - startedAt,
      longestTaskMs: Math.max(0, ...tasks),
      blockingMs: blockingTime(tasks),
      rendered,
      heapMb,
      liveMs: movedAt - postedAt,
      searchMs: foundAt - typedAt,
    };
  } finally {
    await probe.close();
    await context.close();
  }
}

export async function runAgentConsoleBench(): Promise<Record<string, number | string>> {
  if (!existsSync(CONSOLE_INDEX)) throw new Error('dist/agent-console is not built: run `npm run build` first.');
  const emulator = await startEmulator({ port: 0, autoAgent: false });
  const browser = await launchChromium();
  try {
    const chats = await seed(emulator);
    const runs: RunFigures[] = [];
    await measure(browser, emulator, chats[RUNS]!, chats[CONVERSATIONS / 2 + RUNS]!); // warm-up
    for (let run = 0; run < RUNS; run++) {
      // The oldest conversations move to the top one by one; the searched ones sit mid-list, not rendered.
      runs.push(await measure(browser, emulator, chats[run]!, chats[CONVERSATIONS / 2 + run]!));
    }
    const of = (key: keyof RunFigures) => runs.map((r) => r[key]);
    return {
      conversations: CONVERSATIONS,
      'load → first entry shown (ms)': cell(of('loadMs')),
      'entries in the DOM after load': cell(of('rendered'), 0),
      'longest main-thread task, load (ms)': cell(of('longestTaskMs')),
      'total blocking time, load (ms)': cell(of('blockingMs')),
      'JS heap after load (MB)': cell(of('heapMb')),
      'visitor message → entry first in the list (ms)': cell(of('liveMs')),
      'name typed → match shown, incl. 150 ms debounce (ms)': cell(of('searchMs')),
    };
  } finally {
    await browser.close();
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, value] of Object.entries(await runAgentConsoleBench())) console.log(`${name}: ${value}`);
}
