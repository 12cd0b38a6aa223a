/**
 * The launcher's accessible names, which the loader shows on the host page, and the host tab's
 * flashing title ("(1) New message"): from the widget's catalogue (so the site's WIDGET_STRINGS
 * overrides apply) with the plural-correct unread count.
 * The loader keeps its own copy of "Open chat" / "Close chat" for before the widget is loaded.
 */
import { effect, type ReadonlySignal } from '@preact/signals';
import type { WidgetToHost } from '../contracts/host-protocol.ts';
import { t } from './i18n/index.ts';

export function launcherNames(unread: number): Extract<WidgetToHost, { type: 'launcherNames' }> {
  return {
    type: 'launcherNames',
    open: unread > 0 ? t('openChatUnread', { count: unread }) : t('openChat'),
    close: t('closeChat'),
    // Only flashed for unread messages: none, no title (and no plural rules built for the first paint).
    title: unread > 0 ? t('titleNewMessages', { count: unread }) : '',
  };
}

/** Sends the names now and again whenever the locale or the unread count changes; returns the stop. */
export function sendLauncherNames(unread: ReadonlySignal<number>, send: (message: WidgetToHost) => void): () => void {
  return effect(() => send(launcherNames(unread.value)));
}
