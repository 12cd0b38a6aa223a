/**
 * API_EXTRA_ORIGINS from a real browser (issue 10 defect 6): a page on a listed origin calls
 * /api/webchat/init with fetch (a CORS preflight, then the POST) and reads the answer; a page on
 * any other origin is refused at the preflight and never reaches Twilio. Node and Workers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/fixtures.ts';
import { RecordingTwilio } from '../../scripts/harness/recording-twilio.ts';
import { startServer, TEST_ENV, type RunningServer, type Runtime } from '../../scripts/harness/servers.ts';
import { startHostServer, type HostServer } from '../loader/support.ts';

/** fetch() in the page: the answer's status and conversationSid, or the error's name. */
function callFromPage(page: Page, api: string): Promise<{ status?: number; conversationSid?: string; error?: string }> {
  return page.evaluate(async (url) => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ friendlyName: 'Cora' }),
      });
      const body = (await response.json()) as { conversationSid?: string };
      return { status: response.status, conversationSid: body.conversationSid };
    } catch (error) {
      return { error: (error as Error).name };
    }
  }, api);
}

describe('API_EXTRA_ORIGINS from a browser', () => {
  const rig = useBrowser();
  let twilio: RecordingTwilio;
  let listed: HostServer;
  let foreign: HostServer;

  before(async () => {
    twilio = await new RecordingTwilio().start();
    listed = await startHostServer();
    foreign = await startHostServer();
    for (const host of [listed, foreign]) host.set('/page.html', { body: '<!doctype html><title>host</title>' });
  });
  after(async () => {
    await twilio?.stop();
    await listed?.close();
    await foreign?.close();
  });

  for (const runtime of ['node', 'workers'] as Runtime[]) {
    test(`on ${runtime}: a listed origin calls the API; another origin is refused at the preflight`, async () => {
      const server: RunningServer = await startServer(runtime, {
        ...TEST_ENV,
        FLEX_API_URL: twilio.url,
        CONVERSATIONS_API_URL: twilio.url,
        API_EXTRA_ORIGINS: listed.origin,
        WELCOME_MESSAGE: '',
      });
      const context = await rig.browser.newContext();
      try {
        twilio.reset();
        const page = await context.newPage();
        await page.goto(`${listed.origin}/page.html`);
        const answer = await callFromPage(page, `${server.url}/api/webchat/init`);
        assert.equal(answer.status, 201, JSON.stringify(answer));
        assert.match(answer.conversationSid ?? '', /^CH[0-9a-f]{32}$/);
        assert.equal(twilio.requests.length, 1);

        const other = await context.newPage();
        await other.goto(`${foreign.origin}/page.html`);
        assert.deepEqual(await callFromPage(other, `${server.url}/api/webchat/init`), { error: 'TypeError' });
        assert.equal(twilio.requests.length, 1, 'the refused origin never reached Twilio');
      } finally {
        await context.close();
        await server.close();
      }
    });
  }
});
