/**
 * Everything the widget tells the loader about the chat (WidgetToHost in loader/protocol.ts),
 * each kind of notice from one method. The live conversation reports through the
 * ConversationEvents part of it.
 */
import type { WidgetToHost } from '../../contracts/host-protocol.ts';
import type { ConversationEvents } from './live-conversation.ts';

export class HostNotices implements ConversationEvents {
  /** The last unread count sent (-1: none yet), so the loader hears only changes. */
  private unreadSent = -1;

  constructor(private readonly send: (message: WidgetToHost) => void) {}

  /** The visitor started a conversation: the loader remembers there is one to come back to. */
  started(conversationSid: string): void {
    this.send({ type: 'conversationStarted', conversationSid });
    this.active(true);
  }

  /** Is there a conversation to come back to on the next page view? */
  active(active: boolean): void {
    this.send({ type: 'session', active });
  }

  /** The conversation ended (or the server refused the stored session). */
  ended(): void {
    this.send({ type: 'conversationEnded' });
    this.active(false);
  }

  /** A message from someone else arrived while connected. */
  inbound(author: string, body: string): void {
    this.send({ type: 'message', author, body });
  }

  unreadChanged(count: number): void {
    if (count === this.unreadSent) return;
    this.unreadSent = count;
    this.send({ type: 'unreadChange', count });
  }

  /** The conversation is gone: nothing is unread, and the next one's count is sent afresh. */
  clearUnread(): void {
    this.unreadSent = -1;
    this.unreadChanged(0);
  }
}
