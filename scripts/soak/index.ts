/**
 * `npm run soak` (not part of `npm test`): the real stack (emulator with a data file, our server,
 * the demo host page) with visitors in Chromium (the widget) and in Node (the SDK) chatting with
 * the emulator's agent while faults are injected at random (faults.ts). Ends with a table: messages
 * sent, delivered, lost, duplicated, out of order, chats that needed a reload, worst recovery.
 * Goal: 0 lost, 0 duplicated, 0 out of order, 0 reloads needed, worst recovery < 10 s. Exits 1
 * when the goal is missed.
 *
 *   npm run soak -- [--minutes 3] [--browsers 3] [--node 3] [--seed N] [--faults "dropped sockets,page reload"]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { EmulatorControl } from '../../emulator/control-client.ts';
import { launchChromium } from '../harness/browser.ts';
import { startStack } from '../harness/stack.ts';
import { waitFor } from '../../scripts/harness/wait.ts';
import { BrowserChat } from './browser-chat.ts';
import { sleep, type SoakChat } from './chat.ts';
import { FAULTS, type FaultContext } from './faults.ts';
import { NodeChat } from './node-chat.ts';
import { sequencesIn, Stream, tagOf } from './ledger.ts';
import { formatReport, goalMet, type Recovery } from './report.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    browsers: { type: 'string', default: '3' },
    node: { type: 'string', default: '3' },
    seed: { type: 'string' },
    faults: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const browsers = Number(values.browsers);
const nodes = Number(values.node);
const seed = Number(values.seed ?? Date.now() % 1_000_000);
for (const [name, value] of [
  ['--minutes', minutes],
  ['--browsers', browsers],
  ['--node', nodes],
  ['--seed', seed],
] as const) {
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name} must be a non-negative number.`);
    process.exit(2);
  }
}
const faults = values.faults
  ? values.faults.split(',').map((name) => {
      const fault = FAULTS.find((f) => f.name === name.trim());
      if (!fault) {
        console.error(`--faults: no fault "${name}"; the faults are ${FAULTS.map((f) => `"${f.name}"`).join(', ')}.`);
        process.exit(2);
      }
      return fault;
    })
  : FAULTS;
if (minutes <= 0 || browsers + nodes === 0) {
  console.error('--minutes must be above 0 and there must be at least one visitor.');
  process.exit(2);
}

/** A chat that has not caught up this long after a fault ends gets what a person would do: a reload. */
const RELOAD_AFTER_MS = 30_000;
/** …and is given up on this long after the reload. */
const GIVE_UP_AFTER_RELOAD_MS = 30_000;

const random = mulberry32(seed);
const between = (low: number, high: number) => low + Math.round(random() * (high - low));
const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

const dataDir = mkdtempSync(join(tmpdir(), 'flex-webchat-soak-'));
const stack = await startStack({ emulator: { dataFile: join(dataDir, 'emulator.json'), autoAgentDelayMs: 300 } });
const flex = new EmulatorControl(stack.emulator.url);
let browser: Browser | undefined;
const chats: SoakChat[] = [];
const streams = new Map<SoakChat, { visitor: Stream; agent: Stream; lock: Promise<unknown> }>();
const needsReload = new Set<string>();
const recoveries: Recovery[] = [];
let trafficOn = true;

try {
  log(`soak: ${minutes} min, ${browsers} browser and ${nodes} Node visitors, seed ${seed}`);
  if (browsers > 0) browser = await launchChromium();
  for (let i = 1; i <= browsers; i++) chats.push(await BrowserChat.start(browser!, stack, flex, i));
  for (let i = 1; i <= nodes; i++) chats.push(await NodeChat.start(stack, browsers + i));
  for (const chat of chats) streams.set(chat, { visitor: new Stream(), agent: new Stream(), lock: Promise.resolve() });
  await waitFor(
    'the agent in every chat',
    async () => {
      for (const chat of chats) {
        const detail = await flex.conversation(chat.conversationSid);
        if (!detail.participants.some((p) => p.role === 'agent')) return false;
      }
      return true;
    },
    30_000,
  );
  log(`${chats.length} chats open, the agent joined each`);

  const traffic = chats.flatMap((chat) => [visitorTraffic(chat), agentTraffic(chat)]);
  const context: FaultContext = { stack, flex, chats, random, sendNow: (chat) => visitorSays(chat) };
  const deadline = Date.now() + minutes * 60_000;
  while (Date.now() < deadline) {
    await sleep(between(3_000, 7_000));
    if (Date.now() >= deadline) break;
    const fault = faults[Math.floor(random() * faults.length)]!;
    log(`fault: ${fault.name}…`);
    let detail: string;
    try {
      detail = await fault.inject(context);
    } catch (error) {
      detail = `injection failed: ${(error as Error).message}`;
    }
    const ended = Date.now();
    const recovery = await recover(fault.name, ended);
    recoveries.push(recovery);
    log(
      `fault: ${fault.name} (${detail}) → ${recovery.ms === undefined ? 'NOT recovered' : `recovered in ${(recovery.ms / 1000).toFixed(1)} s`}${recovery.reloaded.length > 0 ? `, reloaded ${recovery.reloaded.join(', ')}` : ''}`,
    );
  }

  trafficOn = false;
  await Promise.all(traffic);
  await flex.clearFaults().catch(() => undefined);
  const settle = await recover('end of run (no fault)', Date.now());
  log(`end: ${settle.ms === undefined ? 'NOT settled' : `settled in ${(settle.ms / 1000).toFixed(1)} s`}`);
  for (const chat of chats) await observe(chat);

  const report = formatReport({
    minutes,
    seed,
    chats: chats.map((chat) => ({ label: chat.label, ...streams.get(chat)! })),
    needsReload: [...needsReload],
    recoveries,
    settle,
    pageErrors: chats.flatMap((chat) =>
      chat instanceof BrowserChat ? chat.pageErrors.map((e) => `${chat.label}: ${e}`) : [],
    ),
  });
  console.log(`\n${report.text}`);
  process.exitCode = goalMet(report) ? 0 : 1;
} finally {
  trafficOn = false;
  for (const chat of chats) await chat.close().catch(() => undefined);
  await browser?.close();
  await stack.close();
  rmSync(dataDir, { recursive: true, force: true });
}
// SDK clients may leave timers behind after shutdown; the run is over.
process.exit(process.exitCode ?? 0);

/** The visitor writes every 1.5–4 s. */
async function visitorTraffic(chat: SoakChat): Promise<void> {
  while (trafficOn) {
    await sleep(between(1_500, 4_000));
    if (trafficOn) await visitorSays(chat);
  }
}

/** One message from the visitor, one at a time per chat (a fault may send one too). */
function visitorSays(chat: SoakChat): Promise<void> {
  const entry = streams.get(chat)!;
  const sending = entry.lock.then(async () => {
    const seq = entry.visitor.nextSequence();
    if (await chat.send(`${tagOf(chat.index, 'visitor', seq)} visitor message ${seq}`)) entry.visitor.sent(seq);
  });
  entry.lock = sending.catch(() => undefined);
  return sending;
}

/** The agent answers every 2–5 s (through the control API; not counted when the emulator is down). */
async function agentTraffic(chat: SoakChat): Promise<void> {
  const stream = streams.get(chat)!.agent;
  while (trafficOn) {
    await sleep(between(2_000, 5_000));
    if (!trafficOn) break;
    const seq = stream.nextSequence();
    try {
      await flex.agentSays(chat.conversationSid, `${tagOf(chat.index, 'agent', seq)} agent answer ${seq}`);
      stream.sent(seq);
    } catch {
      // the emulator is down (restart): this message was never posted
    }
  }
}

/** Reads both sides of a chat: the visitor's messages in Flex, the agent's as the visitor sees them. */
async function observe(chat: SoakChat): Promise<void> {
  const entry = streams.get(chat)!;
  try {
    const detail = await flex.conversation(chat.conversationSid);
    const bodies = detail.messages.filter((m) => m.author === chat.identity).map((m) => m.body ?? '');
    entry.visitor.observe(sequencesIn(bodies.join('\n'), chat.index, 'visitor'));
  } catch {
    // the emulator is restarting
  }
  const shown = await chat.shown();
  if (shown) entry.agent.observe(sequencesIn(shown.join('\n'), chat.index, 'agent'));
}

function caughtUp(chat: SoakChat, time: number): boolean {
  const entry = streams.get(chat)!;
  return entry.visitor.missingSince(time).length === 0 && entry.agent.missingSince(time).length === 0;
}

/** How long until every chat shows everything handed over by `time`; reloads the ones that do not. */
async function recover(fault: string, time: number): Promise<Recovery> {
  const reloaded: string[] = [];
  const pending = new Set(chats);
  const reloadedAt = new Map<SoakChat, number>();
  for (;;) {
    for (const chat of [...pending]) {
      await observe(chat);
      if (caughtUp(chat, time)) pending.delete(chat);
    }
    const now = Date.now();
    if (pending.size === 0) return { fault, ms: now - time, reloaded };
    for (const chat of pending) {
      const since = reloadedAt.get(chat);
      if (since === undefined && now - time > RELOAD_AFTER_MS) {
        const entry = streams.get(chat)!;
        log(
          `${chat.label} has not caught up ${RELOAD_AFTER_MS / 1000} s after "${fault}" (missing: visitor ${entry.visitor.missingSince(time).join(',') || '-'}; agent ${entry.agent.missingSince(time).join(',') || '-'}): reloading`,
        );
        reloadedAt.set(chat, now);
        reloaded.push(chat.label);
        needsReload.add(chat.label);
        await chat.reload().catch((error: Error) => log(`${chat.label}: reload failed: ${error.message}`));
      } else if (since !== undefined && now - since > GIVE_UP_AFTER_RELOAD_MS) {
        return { fault, ms: undefined, reloaded };
      }
    }
    await sleep(250);
  }
}

/** A small seeded PRNG, so a run can be repeated with --seed. */
function mulberry32(start: number): () => number {
  let a = start >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
