/**
 * Previous conversations, the view alone (the server's answers stubbed at fetch): the list with its
 * heading focused, a conversation read-only with "You" and the agent's name, Back returning the
 * focus to the conversation's button, an empty list and a failure with Retry; axe-core clean, light
 * and dark.
 */
import type { HistoryAnswer, PastConversationAnswer } from '../../contracts/previous-conversations.ts';
import { PreviousConversations } from '../../widget/ui/PreviousConversations.tsx';
import { deepEqual, equal, ok } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount } from './support/mount.ts';
import { afterEach, describe, it } from './support/mocha.ts';
import { waitFor } from './support/wait.ts';

const LIST: HistoryAnswer = {
  conversations: [
    {
      conversationSid: `CH${'2'.repeat(32)}`,
      startedAt: '2026-11-20T10:00:00Z',
      endedAt: '2026-11-20T10:20:00Z',
      firstLine: 'Can I change my delivery address?',
    },
    {
      conversationSid: `CH${'1'.repeat(32)}`,
      startedAt: '2026-11-02T09:00:00Z',
      endedAt: '2026-11-02T09:30:00Z',
      firstLine: null,
    },
  ],
};

const CONVERSATION: PastConversationAnswer = {
  conversationSid: `CH${'2'.repeat(32)}`,
  startedAt: '2026-11-20T10:00:00Z',
  endedAt: '2026-11-20T10:20:00Z',
  messages: [
    {
      sid: 'IM1',
      own: true,
      authorName: '',
      body: 'Can I change my delivery address?',
      sentAt: '2026-11-20T10:00:00Z',
      files: [],
    },
    { sid: 'IM2', own: false, authorName: 'Alex', body: 'Yes, done.', sentAt: '2026-11-20T10:05:00Z', files: [] },
    {
      sid: 'IM3',
      own: true,
      authorName: '',
      body: '',
      sentAt: '2026-11-20T10:06:00Z',
      files: [{ filename: 'label.pdf', contentType: 'application/pdf' }],
    },
  ],
};

const realFetch = window.fetch.bind(window);
/** The requests the view made (path and body), and the answers it gets, by path. */
function stubServer(answers: Record<string, () => Response>): { path: string; body: unknown }[] {
  const requests: { path: string; body: unknown }[] = [];
  window.fetch = (input, init) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    requests.push({ path, body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined });
    const answer = answers[path];
    return Promise.resolve(answer ? answer() : new Response('{}', { status: 404 }));
  };
  return requests;
}
const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  window.fetch = realFetch;
});

const buttons = (app: HTMLElement) => [...app.querySelectorAll('button')];
const named = (app: HTMLElement, text: string) => buttons(app).find((b) => b.textContent?.includes(text));

describe('PreviousConversations', () => {
  it('lists, reads one read-only and goes back with the focus where it was', async () => {
    const requests = stubServer({
      '/api/webchat/history': json(LIST),
      '/api/webchat/history/conversation': json(CONVERSATION),
    });
    let back = 0;
    const app = await mount(<PreviousConversations identityToken={() => 'jwt-1'} onBack={() => (back += 1)} />);
    await waitFor('the list', () => app.querySelectorAll('.previous-item').length === 2 || undefined);
    equal(document.activeElement?.textContent, 'Previous conversations', 'the heading has the focus');
    const items = [...app.querySelectorAll('.previous-item')].map((b) => b.textContent);
    ok(items[0]?.includes('Can I change my delivery address?'));
    ok(items[1]?.includes('No message'), 'a conversation without a first line says so');
    await assertAccessible(app, 'the list');

    named(app, 'Can I change')?.click();
    await waitFor('the messages', () => app.querySelectorAll('.previous-message').length === 3 || undefined);
    ok(document.activeElement?.textContent?.startsWith('Conversation of '), 'the reader’s heading has the focus');
    deepEqual(
      [...app.querySelectorAll('.previous-author span')].map((s) => s.textContent),
      ['You', 'Alex', 'You'],
    );
    ok(app.textContent?.includes('File: label.pdf'));
    equal(app.querySelector('textarea'), null, 'no composer');
    deepEqual(requests.at(-1), {
      path: '/api/webchat/history/conversation',
      body: { identityToken: 'jwt-1', conversationSid: `CH${'2'.repeat(32)}` },
    });
    await assertAccessible(app, 'the reader');

    named(app, 'Back')?.click();
    await waitFor('the list again', () => app.querySelectorAll('.previous-item').length === 2 || undefined);
    await waitFor('the focus on the conversation', () =>
      document.activeElement?.textContent?.includes('Can I change') ? true : undefined,
    );
    named(app, 'Back')?.click();
    equal(back, 1);
  });

  it('says when there are none, and offers Retry after a failure (dark theme)', async () => {
    let fail = true;
    stubServer({
      '/api/webchat/history': () =>
        fail
          ? new Response(JSON.stringify({ error: { code: 'upstream_error', message: 'x' } }), { status: 502 })
          : json({ conversations: [] })(),
    });
    const app = await mount(<PreviousConversations identityToken={() => 'jwt-1'} onBack={() => undefined} />, {
      theme: 'dark',
    });
    await waitFor('the failure', () => app.querySelector('[role="alert"]') ?? undefined);
    ok(app.textContent?.includes('Your previous conversations could not be loaded.'));
    await assertAccessible(app, 'the failure');
    fail = false;
    named(app, 'Retry')?.click();
    await waitFor('the empty list', () =>
      app.textContent?.includes('You have no previous conversations yet.') ? true : undefined,
    );
    await assertAccessible(app, 'the empty list');
  });
});
