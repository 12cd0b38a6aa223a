/**
 * End to end with TWILIO_REGION=ie1: the server signs the visitor's token for IE1 (the `twr`
 * header) and the widget's SDK opens its Twilsock in IE1 (wss://tsock.ie1.twilio.com), which the
 * widget's CSP allows. The Flex and Conversations REST calls go to the emulator here (explicit
 * URLs win over the region's); the IE1 socket is answered by the test (routeWebSocket), so no
 * request leaves the machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRealStack } from '../support/fixtures.ts';
import { collectPageErrors, openPanel, waitFor } from './support/e2e.ts';

const rig = useRealStack({ serverEnv: { TWILIO_REGION: 'ie1', TWILSOCK_URL: '' } });

test('TWILIO_REGION=ie1: an IE1 token, and the SDK connects to Twilsock in IE1', async () => {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const sockets: string[] = [];
  await context.routeWebSocket(/^wss:\/\/tsock\.[a-z0-9]+\.twilio\.com\//, (ws) => {
    sockets.push(ws.url());
    void ws.close();
  });
  const page = await context.newPage();
  const grant = page.waitForResponse((r) => r.url().endsWith('/api/webchat/init'));
  try {
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);
    await w.getByLabel('Name').fill('Aoife');
    await w.getByLabel('How can we help?').fill('Is this in Dublin?');
    await w.getByRole('button', { name: 'Start chat' }).click();
    const { token } = (await (await grant).json()) as { token: string };
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(header.twr, 'ie1', 'the token names its region');
    await waitFor('the SDK to open its Twilsock', () => sockets.length > 0);
    assert.match(sockets[0]!, /^wss:\/\/tsock\.ie1\.twilio\.com\/v3\/wsconnect/);
    assert.deepEqual(
      errors.filter((e) => /Content Security Policy/i.test(e)),
      [],
      'the widget CSP allows the regional Twilsock',
    );
  } finally {
    await context.close();
  }
});
