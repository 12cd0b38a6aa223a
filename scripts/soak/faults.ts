/**
 * The faults the soak injects, each through the emulator's control API or the stack (no fakes in
 * the product's path): `inject` resolves when the fault is over, and recovery is timed from there.
 */
import type { EmulatorControl } from '../../emulator/control-client.ts';
import type { Stack } from '../harness/stack.ts';
import { sleep, type SoakChat } from './chat.ts';

export interface FaultContext {
  stack: Stack;
  flex: EmulatorControl;
  chats: readonly SoakChat[];
  random: () => number;
  /** Sends one visitor message in this chat now (the traffic's own numbering). */
  sendNow: (chat: SoakChat) => Promise<void>;
}

export interface Fault {
  name: string;
  /** Resolves when the fault has ended (the stack is whole again). */
  inject(context: FaultContext): Promise<string>;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/**
 * Our server's token endpoint checks the participation upstream with one request (server/twilio/
 * conversations.ts, GET /v1/ParticipantConversations): failing it fails the refresh (502).
 */
const TOKEN_CHECK = 'GET /conversations/v1/ParticipantConversations';

export const FAULTS: readonly Fault[] = [
  {
    name: 'dropped sockets',
    async inject({ flex }) {
      const { droppedConnections } = await flex.faults({ dropConnections: true });
      return `${droppedConnections} sockets`;
    },
  },
  {
    name: 'emulator restart',
    async inject({ stack, random }) {
      const down = 1000 + Math.round(random() * 2000);
      await stack.restartEmulator(down);
      return `down ${down} ms`;
    },
  },
  {
    name: 'token expiry',
    async inject({ flex }) {
      const { expiredConnections } = await flex.tokensExpire();
      return `${expiredConnections} tokens`;
    },
  },
  {
    name: 'failed token refresh',
    async inject({ flex, chats }) {
      await flex.faults({ failNext: { match: TOKEN_CHECK, status: 500, count: chats.length * 3 } });
      const { expiredConnections } = await flex.tokensExpire();
      await sleep(5_000);
      const left = (await flex.clearFaults()).failNext[0]?.count ?? 0;
      return `${expiredConnections} tokens expired, ${chats.length * 3 - left} refreshes failed in 5 s`;
    },
  },
  {
    name: 'slow token refresh',
    async inject({ flex, random }) {
      const latency = 2000 + Math.round(random() * 2000);
      await flex.faults({ latencyMs: latency });
      const expired = random() < 0.5;
      const count = expired
        ? (await flex.tokensExpire()).expiredConnections
        : (await flex.tokensAboutToExpire()).notifiedConnections;
      await sleep(6_000);
      await flex.clearFaults();
      return `${latency} ms on every call for 6 s; ${count} tokens ${expired ? 'expired' : 'about to expire'}`;
    },
  },
  {
    name: 'failed sends',
    async inject({ flex, chats, random, sendNow }) {
      const chat = pick(chats, random);
      await flex.faults({
        failNext: { match: `POST /Client/v2/Conversations/${chat.conversationSid}/Messages`, status: 500, count: 2 },
      });
      await sendNow(chat);
      for (let waited = 0; waited < 8_000; waited += 250) {
        if ((await flex.faults({})).failNext.length === 0) break;
        await sleep(250);
      }
      const left = (await flex.clearFaults()).failNext[0]?.count ?? 0;
      return `${chat.label}: ${2 - left} sends answered 500`;
    },
  },
  {
    name: 'page reload',
    async inject({ chats, random }) {
      const browsers = chats.filter((c) => c.kind === 'browser');
      if (browsers.length === 0) return 'no browser chat';
      const chat = pick(browsers, random);
      await chat.reload();
      return chat.label;
    },
  },
];
