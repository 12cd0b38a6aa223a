/**
 * End to end: an agent's Markdown renders as elements in the widget, hostile input renders inert,
 * a 32 KB message renders, and the visitor's own text shows exactly as typed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordCspViolations, violations } from '../../scripts/harness/browser.ts';
import { useRealStack } from '../support/fixtures.ts';
import {
  bubbles,
  collectPageErrors,
  messageLog,
  openPanel,
  say,
  startChat,
  waitFor,
  conversationWith,
} from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

test('agent Markdown renders as elements; hostile input is inert; 32 KB renders; own text verbatim', async () => {
  const context = await rig.browser.newContext();
  await recordCspViolations(context);
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Mo', question: 'Markdown?' });
  const conversation = await conversationWith(rig.flex, 'Markdown?');
  await rig.flex.agentJoins(conversation.sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  const log = messageLog(page);

  await rig.flex.agentSays(
    conversation.sid,
    [
      'Your order is **shipped**, _on time_ and ~~late~~ `#1042`.',
      '',
      '- [Track it](https://example.com/track)',
      '- call [us](tel:+15551234567)',
      '',
      '1. one',
      '2. two',
      '',
      '> quoted',
      '',
      '```',
      '<b>not bold</b>',
      '```',
      'More at https://example.com/help',
    ].join('\n'),
  );
  const bubble = log.locator('.bubble.markdown').last();
  await bubble.locator('strong', { hasText: 'shipped' }).waitFor();
  assert.equal(await bubble.locator('em').innerText(), 'on time');
  assert.equal(await bubble.locator('del').innerText(), 'late');
  assert.equal(await bubble.locator('p > code').innerText(), '#1042');
  assert.deepEqual(await bubble.locator('ul > li').allInnerTexts(), ['Track it', 'call us']);
  assert.deepEqual(await bubble.locator('ol > li').allInnerTexts(), ['one', 'two']);
  assert.equal(await bubble.locator('blockquote').innerText(), 'quoted');
  assert.equal(await bubble.locator('pre code').innerText(), '<b>not bold</b>');
  assert.equal(await bubble.locator('b').count(), 0, 'HTML in a code block is text');
  const track = bubble.getByRole('link', { name: 'Track it' });
  assert.equal(await track.getAttribute('href'), 'https://example.com/track');
  assert.equal(await track.getAttribute('target'), '_blank');
  assert.equal(await track.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await bubble.getByRole('link', { name: 'us' }).getAttribute('href'), 'tel:+15551234567');
  assert.equal(
    await bubble.getByRole('link', { name: 'https://example.com/help' }).getAttribute('href'),
    'https://example.com/help',
  );

  // Hostile: nothing runs, no element from the text, no javascript: link.
  await page.evaluate(() => ((window as unknown as { pwned: number }).pwned = 0));
  const hostile = [
    '<img src=x onerror="parent.pwned=1">',
    '<script>parent.pwned=1</script>',
    '[click me](javascript:parent.pwned=1)',
    '<javascript:alert(1)>',
    '[data](data:text/html,<script>alert(1)</script>)',
  ].join('\n\n');
  await rig.flex.agentSays(conversation.sid, hostile);
  const inert = log.locator('.bubble.markdown').last();
  await inert.getByText('click me').waitFor();
  assert.equal(await inert.locator('img, script, iframe').count(), 0);
  assert.equal(await inert.locator('a').count(), 0, 'no link from an unsafe destination');
  assert.match(await inert.innerText(), /<img src=x onerror="parent.pwned=1">/);
  assert.equal(await page.evaluate(() => (window as unknown as { pwned: number }).pwned), 0);

  // A 32 KB message of pathological emphasis renders (and the chat goes on).
  const big = '**_'.repeat(5461) + 'end';
  assert.ok(big.length <= 32 * 1024);
  await rig.flex.agentSays(conversation.sid, big);
  await waitFor('the 32 KB message', async () =>
    (await log.locator('.bubble.markdown').last().innerText()).endsWith('end'),
  );

  // The visitor's own message: exactly what they typed.
  await say(page, '**not bold** <i>x</i>');
  await waitFor('the own message', async () => (await bubbles(page)).includes('**not bold** <i>x</i>'));
  assert.equal(await log.locator('.group.own strong').count(), 0);

  assert.deepEqual(errors, []);
  assert.deepEqual(await violations(page), [], 'no CSP violation: nothing tried to run');
  await context.close();
});
