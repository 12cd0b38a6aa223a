/**
 * Server benchmarks: init latency with 50 ms injected per upstream call (two sequential round
 * trips are expected: ~100 ms + overhead), and token-refresh throughput and latency, on Node
 * (and init latency on Workers in workerd, for comparison).
 */
import { fileURLToPath } from 'node:url';
import { mintAccessToken } from '../../server/tokens/access-token.ts';
import { RecordingTwilio } from '../harness/recording-twilio.ts';
import { startServer, TEST_ENV, type Runtime } from '../harness/servers.ts';
import { round, summarise, timed } from './stats.ts';

async function initLatency(runtime: Runtime): Promise<{ p50: number; p99: number; mean: number }> {
  const twilio = await new RecordingTwilio().start();
  twilio.latencyMs = 50;
  const server = await startServer(runtime, {
    ...TEST_ENV,
    FLEX_API_URL: twilio.url,
    CONVERSATIONS_API_URL: twilio.url,
    RATE_LIMIT_INIT_PER_MINUTE: '100000',
  });
  try {
    const init = async () => {
      const response = await fetch(`${server.url}/api/webchat/init`, {
        method: 'POST',
        headers: { Origin: server.url, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          friendlyName: 'Bench',
          question: 'How fast is this?',
          preEngagementData: { email: 'b@example.com' },
        }),
      });
      if (response.status !== 201) throw new Error(`init answered ${response.status}`);
      await response.arrayBuffer();
    };
    await timed(5, 1, init); // warm-up
    const { durations } = await timed(60, 1, init);
    return summarise(durations);
  } finally {
    await server.close();
    await twilio.stop();
  }
}

async function tokenRefresh(): Promise<{ requestsPerSecond: number; p50: number; p99: number }> {
  const twilio = await new RecordingTwilio().start();
  const server = await startServer('node', {
    ...TEST_ENV,
    FLEX_API_URL: twilio.url,
    CONVERSATIONS_API_URL: twilio.url,
    RATE_LIMIT_TOKEN_PER_MINUTE: '100000',
  });
  try {
    const conversationSid = twilio.addConversation(['bench-visitor']);
    const { token } = await mintAccessToken({
      accountSid: TEST_ENV.TWILIO_ACCOUNT_SID,
      apiKeySid: TEST_ENV.TWILIO_API_KEY_SID,
      apiKeySecret: TEST_ENV.TWILIO_API_KEY_SECRET,
      identity: 'bench-visitor',
      serviceSid: TEST_ENV.CONVERSATIONS_SERVICE_SID,
      ttlSeconds: 3600,
    });
    const body = JSON.stringify({ token, conversationSid });
    const refresh = async () => {
      const response = await fetch(`${server.url}/api/webchat/token`, {
        method: 'POST',
        headers: { Origin: server.url, 'Content-Type': 'application/json' },
        body,
      });
      if (response.status !== 200) throw new Error(`token answered ${response.status}`);
      await response.arrayBuffer();
    };
    await timed(100, 10, refresh); // warm-up
    twilio.requests.length = 0;
    const total = 3000;
    const { durations, wallMs } = await timed(total, 20, refresh);
    const { p50, p99 } = summarise(durations);
    return { requestsPerSecond: round(total / (wallMs / 1000), 0), p50, p99 };
  } finally {
    await server.close();
    await twilio.stop();
  }
}

export async function runServerBench(): Promise<Record<string, number>> {
  const node = await initLatency('node');
  const workers = await initLatency('workers');
  const refresh = await tokenRefresh();
  return {
    'init latency p50, Node, 50 ms per upstream call (ms)': node.p50,
    'init latency p99, Node, 50 ms per upstream call (ms)': node.p99,
    'init latency p50, Workers (workerd), 50 ms per upstream call (ms)': workers.p50,
    'init latency p99, Workers (workerd), 50 ms per upstream call (ms)': workers.p99,
    'token refresh throughput, Node, 20 concurrent (req/s)': refresh.requestsPerSecond,
    'token refresh latency p50, Node (ms)': refresh.p50,
    'token refresh latency p99, Node (ms)': refresh.p99,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, value] of Object.entries(await runServerBench())) console.log(`${name}: ${value}`);
}
