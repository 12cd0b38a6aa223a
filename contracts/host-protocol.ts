/**
 * The loader ⇄ widget channel, version 1, shared by both sides: the channel name and version
 * (runtime constants, a few bytes in the loader) and the message types.
 *
 * Handshake (window.postMessage, always with a pinned targetOrigin, both sides checking
 * event.origin and event.source):
 *   1. widget → host page: { channel: 'flex-webchat', type: 'hello', version: 1 }
 *      posted to window.parent with targetOrigin = the host origin the widget was given
 *      in its `?origin=` query parameter (the server only lets that origin frame it).
 *   2. loader → widget: { channel: 'flex-webchat', type: 'connect', version: 1, settings }
 *      posted to iframe.contentWindow with targetOrigin = the server origin, transferring
 *      one MessagePort. After that every message travels on that port, never on window.
 * Anything that does not validate is ignored.
 */

import type { PreEngagementValue } from './webchat-api.ts';

export const CHANNEL = 'flex-webchat';
export const PROTOCOL_VERSION = 1;

export type Theme = 'light' | 'dark' | 'auto';

export interface WidgetSettings {
  /** data-locale, or '' for the browser's languages. */
  locale: string;
  theme: Theme;
  /** Accent colour, a CSS colour string already validated by the loader. */
  color?: string;
  /** data-sound="true": a short sound on a new inbound message while the visitor is not looking (the widget plays it). */
  sound?: boolean;
  /**
   * In `connect` only: the panel is already open (the visitor clicked while the widget loaded; its
   * `open` follows on the port). A resuming widget then shows the latest messages before the SDK.
   */
  open?: boolean;
}

/**
 * Pre-engagement data the host knows already (JS API `setUser`). The public declarations in
 * loader/flex-webchat.d.ts repeat it as `FlexWebchatUser`; test/loader/public-types.test.ts keeps
 * the two the same shape.
 */
export interface VisitorPrefill {
  friendlyName?: string;
  email?: string;
  [key: string]: PreEngagementValue | undefined;
}

/**
 * What the host page says about where the visitor is (JS API `setContext`, merged over the page's
 * `pageUrl` and `pageTitle` unless data-share-page="false"): sent to the init as `context`. The public
 * declarations repeat it as `FlexWebchatContext`.
 */
export type PageContext = Record<string, PreEngagementValue>;

export interface ConnectMessage {
  channel: typeof CHANNEL;
  type: 'connect';
  version: number;
  settings: WidgetSettings;
}

/** Loader → widget, on the port. */
export type HostToWidget =
  | { type: 'open' }
  | { type: 'close' }
  /** `identityToken`: the site back end's signed identity token for a logged-in customer. */
  | { type: 'setUser'; user: VisitorPrefill; skipForm: boolean; identityToken?: string }
  /** The whole context so far (the loader merges the calls), sent before every setUser and open. */
  | { type: 'setContext'; context: PageContext }
  | { type: 'setLocale'; locale: string }
  | { type: 'reset' };

/** Widget → loader, on the port. */
export type WidgetToHost =
  | { type: 'ready' }
  /** The visitor pressed Escape or the panel's close button inside the iframe. */
  | { type: 'requestClose' }
  | { type: 'unreadChange'; count: number }
  /**
   * The widget's words for the host page, in its locale (with the site's overrides): the launcher's
   * names, open (with the unread count) and close, and `title`, "(1) New message" for the unread
   * count, which the host tab's title alternates with while a new message waits (data-title-notifications);
   * empty while nothing is unread.
   */
  | { type: 'launcherNames'; open: string; close: string; title: string }
  | { type: 'conversationStarted'; conversationSid: string }
  | { type: 'conversationEnded' }
  /** The widget has (true) or no longer has (false) a resumable conversation: drives the returning-visitor flag. */
  | { type: 'session'; active: boolean }
  /** One per inbound message (not the visitor's own). */
  | { type: 'message'; author: string; body: string };
