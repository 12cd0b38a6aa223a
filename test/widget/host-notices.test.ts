/** What the loader is told, each notice from one place: the ended pair, unread changes only. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WidgetToHost } from '../../contracts/host-protocol.ts';
import { HostNotices } from '../../widget/chat/host-notices.ts';

describe('host notices', () => {
  test('started and ended come with the session flag the loader keeps for the next page view', () => {
    const sent: WidgetToHost[] = [];
    const notices = new HostNotices((m) => sent.push(m));
    notices.started('CH1');
    notices.ended();
    assert.deepEqual(sent, [
      { type: 'conversationStarted', conversationSid: 'CH1' },
      { type: 'session', active: true },
      { type: 'conversationEnded' },
      { type: 'session', active: false },
    ]);
  });

  test('the unread count is sent only when it changes; clearing sends 0 and starts over', () => {
    const sent: WidgetToHost[] = [];
    const notices = new HostNotices((m) => sent.push(m));
    for (const count of [0, 0, 2, 2, 1]) notices.unreadChanged(count);
    notices.clearUnread();
    notices.unreadChanged(0);
    assert.deepEqual(sent, [
      { type: 'unreadChange', count: 0 },
      { type: 'unreadChange', count: 2 },
      { type: 'unreadChange', count: 1 },
      { type: 'unreadChange', count: 0 },
    ]);
  });
});
