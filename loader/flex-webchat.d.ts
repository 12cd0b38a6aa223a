/**
 * Flex Webchat: TypeScript declarations for host pages (served as /flex-webchat.d.ts).
 *
 *   /// <reference path="./flex-webchat.d.ts" />
 *   window.FlexWebchat?.push(['open']);          // works before and after the loader ran
 *
 * Before the loader has run, `window.FlexWebchat` is (or may be made) an array of commands:
 *   (window.FlexWebchat = window.FlexWebchat || []).push(['setUser', { friendlyName: 'Ada' }]);
 * Once it has run, it is the API object below, which also accepts `push(...)`.
 */

/** Pre-engagement data the host already knows; `friendlyName` is the visitor's name. */
export interface FlexWebchatUser {
  friendlyName?: string;
  email?: string;
  [key: string]: string | number | boolean | undefined;
}

export interface FlexWebchatSetUserOptions {
  /** Start the chat straight away, without showing the pre-engagement form. */
  skipForm?: boolean;
  /**
   * A logged-in customer: the HS256 JWT your back end signed with IDENTITY_SECRET (claims `sub`, `exp`
   * at most an hour ahead, optional `name` and `email`, which win over the form's). See docs/embedding.md.
   */
  identityToken?: string;
}

/**
 * Page context for routing: at most 20 keys, values of at most 1024 characters. It reaches Flex as
 * `pre_engagement_data.context`, with the page's `pageUrl` (no query or fragment) and `pageTitle`
 * unless the script tag has data-share-page="false".
 */
export type FlexWebchatContext = Record<string, string | number | boolean>;

/** Every event and the detail its handlers receive. */
export interface FlexWebchatEvents {
  /** The widget has loaded and is connected to the page. */
  ready: undefined;
  open: undefined;
  close: undefined;
  unreadChange: { count: number };
  conversationStarted: { conversationSid: string };
  conversationEnded: undefined;
  /** One per inbound message (not the visitor's own). */
  message: { author: string; body: string };
}

export type FlexWebchatEventName = keyof FlexWebchatEvents;

/** Every member is a plain function: it can be called unbound, e.g. `button.onclick = FlexWebchat.open`. */
export interface FlexWebchatApi {
  open: () => void;
  close: () => void;
  toggle: () => void;
  setUser: (user: FlexWebchatUser, options?: FlexWebchatSetUserOptions) => void;
  /** Adds to the page context (later calls merge); any time before the chat starts. */
  setContext: (context: FlexWebchatContext) => void;
  /**
   * A BCP 47 language tag, e.g. "fr" or "pt-BR": the launcher and the widget switch at once.
   * Shipped: en de fr es it pt nl pl sv tr ja zh ar he; anything else is English.
   */
  setLocale: (locale: string) => void;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on: <E extends FlexWebchatEventName>(event: E, handler: (detail: FlexWebchatEvents[E]) => void) => () => void;
  /** Forgets the visitor's session and clears what the chat stored. */
  reset: () => void;
  /** Removes the launcher, the panel and every listener. */
  destroy: () => void;
  /** Runs queued commands, e.g. push(['open'], ['setLocale', 'de']). */
  push: (...commands: FlexWebchatCommand[]) => void;
}

/** A command for the pre-load queue: the method name followed by its arguments. */
export type FlexWebchatCommand =
  | ['open']
  | ['close']
  | ['toggle']
  | ['setUser', FlexWebchatUser]
  | ['setUser', FlexWebchatUser, FlexWebchatSetUserOptions]
  | ['setContext', FlexWebchatContext]
  | ['setLocale', string]
  | ['on', FlexWebchatEventName, (detail: never) => void]
  | ['reset']
  | ['destroy'];

declare global {
  interface Window {
    FlexWebchat?: FlexWebchatApi | FlexWebchatCommand[];
  }
}
