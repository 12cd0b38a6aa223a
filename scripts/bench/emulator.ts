/**
 * Emulator benchmark: 50 real SDK clients in this process, each in its own conversation, send 20
 * messages each while an agent replies through the control API. Reports delivery latency
 * (agent reply posted → the visitor SDK's messageAdded; visitor send → its own messageAdded) and
 * the emulator's CPU time (the emulator runs as a child process; read from /proc on Linux).
 * Run directly: `npx tsx scripts/bench/emulator.ts`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { Client, type Message } from '@twilio/conversations';
import { mintAccessToken } from '../../emulator/access-token.ts';
import { DEV_CREDENTIALS } from '../../emulator/dev-credentials.ts';
import { cpuSecondsOf, summarise } from './stats.ts';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const CLIENTS = 50;
const MESSAGES = 20;

export async function runEmulatorBench(): Promise<Record<string, number>> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts', '--port', '0', '--no-auto-agent'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Flex emulator on (http:\/\/[^\s]+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
    });
    child.stdout.resume();
    const twilsockUri = `${url.replace('http', 'ws')}/twilsock`;
    const auth = `Basic ${Buffer.from(`${DEV_CREDENTIALS.apiKeySid}:${DEV_CREDENTIALS.apiKeySecret}`).toString('base64')}`;
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    };

    const cpuBefore = cpuSecondsOf(child.pid!);
    const started = performance.now();
    const agentLatencies: number[] = [];
    const echoLatencies: number[] = [];
    const clients: Client[] = [];

    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, n) => {
        const chat = (await (
          await fetch(`${url}/flex-api/v2/WebChats`, {
            method: 'POST',
            headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              AddressSid: DEV_CREDENTIALS.flexAddressSid,
              CustomerFriendlyName: `Visitor ${n}`,
            }),
          })
        ).json()) as { conversation_sid: string; identity: string };
        await post(`/emulator/conversations/${chat.conversation_sid}/agent`, {});
        const client = new Client(mintAccessToken(DEV_CREDENTIALS, chat.identity), {
          Twilsock: { uri: twilsockUri },
        });
        clients.push(client);
        await new Promise<void>((resolve, reject) => {
          client.once('initialized', () => resolve());
          client.once('initFailed', ({ error }) => reject(new Error(error?.message)));
        });
        const conversation = await client.getConversationBySid(chat.conversation_sid);
        await conversation.getMessages(1);
        const waiters = new Map<string, (at: number) => void>();
        conversation.on('messageAdded', (m: Message) => waiters.get(m.body ?? '')?.(performance.now()));
        const arrival = (body: string) => new Promise<number>((resolve) => waiters.set(body, resolve));
        for (let i = 0; i < MESSAGES; i += 1) {
          const question = `visitor ${n} #${i}`;
          const echoed = arrival(question);
          const sentAt = performance.now();
          await conversation.sendMessage(question);
          echoLatencies.push((await echoed) - sentAt);
          const answer = `agent ${n} #${i}`;
          const delivered = arrival(answer);
          const postedAt = performance.now();
          await post(`/emulator/conversations/${chat.conversation_sid}/messages`, {
            author: 'agent.alex',
            body: answer,
          });
          agentLatencies.push((await delivered) - postedAt);
        }
      }),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const cpuSeconds = cpuSecondsOf(child.pid!) - cpuBefore;
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    const messages = CLIENTS * MESSAGES * 2;
    return {
      'SDK clients, each in its own conversation': CLIENTS,
      'messages delivered (visitor sends + agent replies)': messages,
      'agent reply → visitor messageAdded p50 (ms)': summarise(agentLatencies).p50,
      'agent reply → visitor messageAdded p99 (ms)': summarise(agentLatencies).p99,
      'visitor send → own messageAdded p50 (ms)': summarise(echoLatencies).p50,
      'visitor send → own messageAdded p99 (ms)': summarise(echoLatencies).p99,
      'wall time (s)': Math.round(wallSeconds * 100) / 100,
      'emulator CPU (s)': Math.round(cpuSeconds * 100) / 100,
      'emulator CPU per message (ms)': Math.round((cpuSeconds * 1000 * 100) / messages) / 100,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await runEmulatorBench();
  for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(42)} ${value}`);
  process.exit(0);
}
