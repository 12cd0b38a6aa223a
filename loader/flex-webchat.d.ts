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
}

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
  | ['setLocale', string]
  | ['on', FlexWebchatEventName, (detail: never) => void]
  | ['reset']
  | ['destroy'];

declare global {
  interface Window {
    FlexWebchat?: FlexWebchatApi | FlexWebchatCommand[];
  }
}
