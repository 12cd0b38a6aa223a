/**
 * End to end on the real stack: "Download transcript" (header and ended view) saves the whole
 * conversation (older pages loaded first) as plain text and as a printable page, read here from
 * the downloaded files; the post-chat survey reaches the emulator's receiver, signed, through one
 * failed delivery (the server retries once); with POST_CHAT_SURVEY=false the survey is not asked.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { FrameLocator, Page } from 'playwright-core';
import { useRealStack } from '../support/fixtures.ts';
import { axeViolations, widgetFrame } from './support/axe.ts';
import {
  collectPageErrors,
  conversationWith,
  customerOf,
  messageLog,
  openPanel,
  say,
  startChat,
  waitFor,
} from './support/e2e.ts';

/** Clicks a transcript format and returns the downloaded file's name and text. */
async function download(page: Page, scope: FrameLocator, opener: 'header' | 'ended', format: RegExp) {
  const region = opener === 'header' ? scope.getByRole('banner') : scope.getByRole('main');
  await region.getByRole('button', { name: 'Download transcript' }).click();
  const choice = region.getByRole('group', { name: 'Download transcript' });
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    choice.getByRole('button', { name: format }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

describe('with the survey (FEEDBACK_WEBHOOK_URL: the emulator)', () => {
  const rig = useRealStack({ emulator: { autoAgent: false } });

  test('transcripts in both formats, with older pages, names, times, attachments; the survey reaches the emulator signed', async () => {
    const context = await rig.browser.newContext({ acceptDownloads: true });
    const errors = collectPageErrors(context);
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);
    await startChat(page, { name: 'Ida', question: 'Where is my parcel?' });
    const conversation = await conversationWith(rig.flex, 'Where is my parcel?');
    const visitor = customerOf(conversation).identity;
    await rig.flex.agentJoins(conversation.sid, { identity: 'agent.alex', friendlyName: 'Alex' });
    // More than the first page holds (30): the transcript must load the older ones.
    for (let i = 1; i <= 32; i++) await rig.flex.agentSays(conversation.sid, `Line ${i}`);
    await rig.flex.agentSays(conversation.sid, '<script>alert(1)</script> & <b>not bold</b>');
    await rig.flex.agentSays(conversation.sid, undefined, {
      filename: 'label.txt',
      contentType: 'text/plain',
      bytes: new TextEncoder().encode('TRACKING 1234'),
    });
    await say(page, 'Thanks!');
    await messageLog(page).getByText('Thanks!').waitFor();
    await waitFor('the visitor message at the emulator', async () =>
      (await rig.flex.conversation(conversation.sid)).messages.some((m) => m.body === 'Thanks!'),
    );

    // Plain text from the header, while the chat is on.
    const text = await download(page, w, 'header', /Plain text/);
    const lines = text.text.replace(/^\uFEFF/, '').split('\n');
    assert.match(text.name, /^chat-transcript-\d{4}-\d{2}-\d{2}\.txt$/);
    assert.match(lines[0]!, /^Chat transcript, \w+day, \w+ \d{1,2}, \d{4}$/, 'the conversation’s date');
    const stamp = String.raw`\[\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M\]`; // en-US, the browser's locale
    assert.match(text.text, new RegExp(`${stamp} You: Where is my parcel\\?`));
    assert.match(text.text, new RegExp(`${stamp} Alex: Line 1\\n`), 'the oldest page was loaded');
    for (let i = 1; i <= 32; i++) assert.ok(text.text.includes(`Alex: Line ${i}\n`), `Line ${i}`);
    assert.match(text.text, /Alex: <script>alert\(1\)<\/script> & <b>not bold<\/b>\n/, 'text as written');
    assert.match(text.text, /\n {4}Attachment: label\.txt <http:\/\/127\.0\.0\.1:\d+\/[^>]+>\n/);
    assert.match(text.text, new RegExp(`${stamp} You: Thanks!\\n$`));
    const welcome = lines.findIndex((l) => l.includes('Concierge: Welcome Ida!'));
    const question = lines.findIndex((l) => l.includes('You: Where is my parcel?'));
    assert.ok(question > 0 && welcome > question, 'in the order of the conversation');

    // The agent closes the chat: the ended view asks for feedback and offers the transcript.
    await rig.flex.setState(conversation.sid, 'closed');
    await w.getByText('This conversation has ended.').waitFor();
    const survey = w.getByRole('group', { name: 'How was your chat?' });
    await survey.waitFor();
    for (const [n, word] of [
      [1, 'Very poor'],
      [2, 'Poor'],
      [3, 'Okay'],
      [4, 'Good'],
      [5, 'Excellent'],
    ] as const)
      await survey.getByRole('radio', { name: `${n} ${word}` }).waitFor({ state: 'attached' });
    assert.deepEqual(await axeViolations(await widgetFrame(page)), [], 'the ended view with the survey passes axe');

    // The printable page from the ended view: escaped, names, dates, the attachment as a link.
    const html = await download(page, w, 'ended', /Printable page/);
    assert.match(html.name, /^chat-transcript-\d{4}-\d{2}-\d{2}\.html$/);
    assert.match(html.text, /<html lang="en-US" dir="ltr">/);
    assert.match(
      html.text,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/,
    );
    assert.match(html.text, /<h1>Chat transcript, \w+day, \w+ \d{1,2}, \d{4}<\/h1>/);
    assert.ok(html.text.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;'));
    assert.ok(!html.text.includes('<script'), 'no script element');
    assert.match(html.text, /<b dir="auto">Alex<\/b> <time datetime="[^"]+">\w{3} \d{1,2}, \d{4}/);
    assert.match(html.text, /<b dir="auto">You<\/b>/);
    assert.match(
      html.text,
      /Attachment: <a href="http:\/\/127\.0\.0\.1:\d+\/[^"]+" rel="noopener noreferrer">label\.txt<\/a>/,
    );
    assert.ok(html.text.includes('Line 1<') && html.text.includes('Line 32<'));

    // The survey: a rating is required; the first delivery fails (500) and the server retries it.
    await survey
      .page()
      .locator('body')
      .evaluate(() => undefined); // the frame is still there
    await w.getByRole('button', { name: 'Send feedback' }).click();
    await w.getByRole('alert').filter({ hasText: 'Please choose a rating from 1 to 5.' }).waitFor();
    await survey.getByRole('radio', { name: '4 Good' }).check();
    await w.getByRole('textbox', { name: /Anything you would like to add\?/ }).fill('Quick and kind.');
    await rig.flex.faults({ failNext: { match: 'POST /emulator/feedback', status: 500, count: 1 } });
    await w.getByRole('button', { name: 'Send feedback' }).click();
    const thanks = w.getByText('Thanks for your feedback!');
    await thanks.waitFor();
    assert.equal(await thanks.evaluate((el) => el === document.activeElement), true, 'focus on the thanks');
    assert.equal(await w.getByRole('group', { name: 'How was your chat?' }).count(), 0);

    // After a reload the ended view is back, without asking for the rating again.
    await page.reload();
    const again = await openPanel(page);
    await again.getByRole('button', { name: 'Start new chat' }).waitFor();
    await again.getByText('Thanks for your feedback!').waitFor();
    assert.equal(await again.getByRole('group', { name: 'How was your chat?' }).count(), 0, 'not asked twice');

    // At the emulator: received once (the retry), its signature checked with the stack's secret.
    const received = await rig.flex.feedback();
    assert.equal(received.length, 1);
    assert.deepEqual(
      { ...received[0], submittedAt: undefined },
      {
        conversationSid: conversation.sid,
        identity: visitor,
        rating: 4,
        comment: 'Quick and kind.',
        submittedAt: undefined,
      },
    );
    assert.ok(Math.abs(Date.parse(received[0]!.submittedAt) - Date.now()) < 60_000);
    assert.deepEqual((await rig.flex.clearFaults()).failNext, [], 'the injected failure was used: one retry');
    assert.equal((await rig.flex.conversation(conversation.sid)).feedback?.rating, 4, 'the agent console shows it');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('with POST_CHAT_SURVEY=false', () => {
  const rig = useRealStack({ emulator: { autoAgent: false }, serverEnv: { POST_CHAT_SURVEY: 'false' } });

  test('the ended view has no survey (the transcript is still there)', async () => {
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);
    await startChat(page, { name: 'Ola', question: 'Just a quick one' });
    const conversation = await conversationWith(rig.flex, 'Just a quick one');
    await rig.flex.setState(conversation.sid, 'closed');
    await w.getByText('This conversation has ended.').waitFor();
    await w.getByRole('main').getByRole('button', { name: 'Download transcript' }).waitFor();
    assert.equal(await w.getByText('How was your chat?').count(), 0);
    assert.equal(await w.getByRole('radio').count(), 0);
    await context.close();
  });
});
