/**
 * `npm run emulator`: the Flex emulator alone.
 *   --port N        (default EMULATOR_PORT or 8790)
 *   --host H        (default 127.0.0.1)
 *   --allowed-host NAME  also answer requests for this Host name (repeatable; localhost, 127.0.0.1,
 *                   [::1] and --host always are)
 *   --data FILE     keep the state in FILE (JSON) across restarts
 *   --no-auto-agent conversations wait in the agent console's queue instead of an agent joining
 *   --auto-agent-delay MS
 *   --webhook-url URL  post Twilio Conversations' post-event webhooks there (default EMULATOR_WEBHOOK_URL)
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './index.ts';
import { serverEnvFor } from './dev-credentials.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'allowed-host': { type: 'string', multiple: true },
    data: { type: 'string' },
    'no-auto-agent': { type: 'boolean', default: false },
    'auto-agent-delay': { type: 'string' },
    'webhook-url': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'Usage: npm run emulator -- [--port 8790] [--host 127.0.0.1] [--allowed-host NAME]… [--data FILE] [--no-auto-agent] [--auto-agent-delay 1000] [--webhook-url URL]',
  );
  process.exit(0);
}

const port = Number(values.port ?? process.env.EMULATOR_PORT ?? 8790);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port / EMULATOR_PORT must be a port number (got "${values.port ?? process.env.EMULATOR_PORT}").`);
  process.exit(2);
}
const delay = values['auto-agent-delay'] === undefined ? 1000 : Number(values['auto-agent-delay']);
if (!Number.isInteger(delay) || delay < 0) {
  console.error('--auto-agent-delay must be a whole number of milliseconds.');
  process.exit(2);
}

const webhookUrl = values['webhook-url'] ?? (process.env.EMULATOR_WEBHOOK_URL || undefined);
if (webhookUrl !== undefined && !/^https?:\/\/[^/]/.test(webhookUrl)) {
  console.error(`--webhook-url / EMULATOR_WEBHOOK_URL must be an absolute http(s) URL (got "${webhookUrl}").`);
  process.exit(2);
}

const emulator = await startEmulator({
  port,
  host: values.host ?? '127.0.0.1',
  allowedHosts: values['allowed-host'] ?? [],
  dataFile: values.data,
  autoAgent: !values['no-auto-agent'],
  autoAgentDelayMs: delay,
  webhookUrl,
  log: (line) => console.error(line),
}).catch((error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE' ? `Port ${port} is in use: pass --port or set EMULATOR_PORT.` : error.message,
  );
  process.exit(1);
});

const c = emulator.credentials;
console.log(`Flex emulator on ${emulator.url}
  Twilsock:       ${emulator.twilsockUrl}
  Agent console:  ${emulator.url}/agent
  Control API:    ${emulator.url}/emulator/conversations
  Auto-agent:     ${values['no-auto-agent'] ? 'off' : `on (${delay} ms)`}${values.data ? `\n  Data file:      ${values.data}` : ''}${webhookUrl ? `\n  Webhooks to:    ${webhookUrl}` : ''}

Dev credentials (they only open this emulator):
  Account SID     ${c.accountSid}
  Auth token      ${c.authToken}
  API key SID     ${c.apiKeySid}
  API key secret  ${c.apiKeySecret}
  Address SID     ${c.flexAddressSid}
  Service SID     ${c.conversationsServiceSid}

Server environment for it:
${Object.entries(serverEnvFor(emulator))
  .map(([k, v]) => `  ${k}=${v}`)
  .join('\n')}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
