import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordingTwilio } from '../../scripts/harness/recording-twilio.ts';
import { startServer, TEST_ENV } from '../../scripts/harness/servers.ts';
import { defineIntegrationSuite } from './integration-suite.ts';

// The Workers bundle (dist/worker/index.js, built by `npm run build`) in workerd via Miniflare.
defineIntegrationSuite('workers');

/**
 * Miniflare's rate limiter, like a fixed-window counter, starts a new count at every whole minute of
 * the wall clock: calls that straddle one are counted in two windows. Starts the calls early in a
 * minute (waiting up to 15 s) so that three of them fall in the same one, however slow the machine.
 */
async function earlyInAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
}

describe('server on workers with Rate Limiting bindings', () => {
  test('the INIT_RATE_LIMITER binding replaces the in-memory limiter', async () => {
    const twilio = await new RecordingTwilio().start();
    // The in-memory limit is far away: only the binding (2 a minute) can refuse the third call.
    const server = await startServer(
      'workers',
      {
        ...TEST_ENV,
        FLEX_API_URL: twilio.url,
        CONVERSATIONS_API_URL: twilio.url,
        RATE_LIMIT_INIT_PER_MINUTE: '1000',
        WELCOME_MESSAGE: '',
      },
      { rateLimitBindings: { INIT_RATE_LIMITER: 2 } },
    );
    try {
      const init = () =>
        fetch(`${server.url}/api/webchat/init`, {
          method: 'POST',
          headers: { Origin: server.url, 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.9' },
          body: JSON.stringify({ friendlyName: 'Rae' }),
        });
      await earlyInAMinute();
      assert.equal((await init()).status, 201);
      assert.equal((await init()).status, 201);
      const limited = await init();
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '60');
      assert.equal(twilio.requests.length, 2);
    } finally {
      await server.close();
      await twilio.stop();
    }
  });
});

describe('server on workers with a broken configuration', () => {
  test('answers 500 server_misconfigured naming the variables at fault', async () => {
    const server = await startServer('workers', {
      ...TEST_ENV,
      FLEX_ADDRESS_SID: 'IS' + 'd4'.repeat(16),
      TOKEN_TTL_SECONDS: '999999',
    });
    try {
      const response = await fetch(`${server.url}/health`);
      assert.equal(response.status, 500);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'server_misconfigured');
      assert.match(body.error.message, /FLEX_ADDRESS_SID, TOKEN_TTL_SECONDS/);
    } finally {
      await server.close();
    }
  });
});
