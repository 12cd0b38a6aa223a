/**
 * loader.js: the one script a host page adds. Draws a facade launcher (a real <button>, styled
 * through CSSOM only), creates the sandboxed widget iframe, hidden, on a sign of intent
 * (the pointer entering the launcher, keyboard focus, a touch starting; or at idle time for a
 * returning visitor) and shows it on click, talks to it over a MessageChannel after a pinned, versioned handshake
 * (contracts/host-protocol.ts), and exposes window.FlexWebchat. No dependencies; budget 3,072 bytes gzipped
 * (the launcher's names in 14 locales are part of it: loader/launcher-strings.ts).
 */
import {
  CHANNEL,
  PROTOCOL_VERSION,
  type HostToWidget,
  type PageContext,
  type Theme,
  type WidgetSettings,
} from '../contracts/host-protocol.ts';
import { launcherLanguage, launcherName } from './launcher-strings.ts';
import type {
  FlexWebchatApi,
  FlexWebchatCommand,
  FlexWebchatContext,
  FlexWebchatUser,
  FlexWebchatSetUserOptions,
} from './flex-webchat.d.ts';

type Handler = (detail?: unknown) => void;

const SVG = 'http://www.w3.org/2000/svg';
// allow-downloads: the widget's "Download transcript" saves a file (Chrome blocks downloads from a sandboxed frame without it).
const SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads';

const win = window as Window & { FlexWebchat?: unknown };
const doc = document;

/**
 * Styles one property at a time through the CSSOM (style.setProperty), which a strict host
 * style-src allows; a style attribute, <style> or style.cssText would be blocked (MDN, style-src).
 * "prop:value;prop:value" overrides what is there.
 */
const css = (el: HTMLElement | SVGElement, declarations: string): void => {
  for (const declaration of declarations.split(';'))
    el.style.setProperty(...(declaration.split(':') as [string, string]));
};
const flag = (on?: boolean): boolean => {
  try {
    const storage = localStorage;
    // The first-party flag (no secret): "this visitor has a chat to come back to".
    if (on) storage[CHANNEL] = '1';
    else if (on === false) delete storage[CHANNEL];
    return !!storage[CHANNEL];
  } catch {
    return false; // storage denied: no restore, nothing breaks
  }
};

const existing = win.FlexWebchat;
// Already running (a second copy of the script, an SPA re-render): never a second launcher.
if (!existing || Array.isArray(existing)) {
  const queue = existing ?? [];
  const script = doc.currentScript as HTMLScriptElement;
  const data = script.dataset;
  const server = new URL(data.server || script.src).origin;
  const theme = (/^(light|dark)$/.test(data.theme!) ? data.theme : 'auto') as Theme;
  // The launcher's language: data-locale, else the first of the browser's languages we ship.
  const languages = data.locale ? [data.locale] : navigator.languages;
  let lang = launcherLanguage(languages) || 'en';
  // '' leaves the choice to the widget: the same browser languages, matched the same way.
  const settings: WidgetSettings = { locale: data.locale || '', theme, sound: data.sound == 'true' };
  // Right-to-left locales put the launcher and the panel in the left corner, unless data-position says otherwise.
  const corner = data.position === 'left' || (!data.position && /^(ar|he)$/.test(lang)) ? 'left' : 'right';
  const viewport = win.visualViewport!;
  // Launcher and panel float above the page with a shadow (the panel's edge on a white page).
  const raised = `position:fixed;border:0;z-index:${+data.zIndex! || 10000};box-shadow:0 4px 24px #0005`;
  const listeners = new AbortController();
  const listening = { signal: listeners.signal };

  const handlers: Record<string, Set<Handler>> = {};
  let frame: HTMLIFrameElement | undefined;
  let port: MessagePort | undefined;
  let isOpen = false;
  let unread = 0;
  /** The widget's names for the launcher, [open, close], once it sent them for the current locale. */
  let names: string[] | undefined;
  /** The widget's "(1) New message" for the unread count; the page's own title; the flashing timer (0: off). */
  let notice: string;
  let pageTitle: string;
  let flashing: ReturnType<typeof setInterval> | 0 = 0;
  const titleNotifications = data.titleNotifications != 'false';
  /** Messages for the widget until it says `ready` (then undefined). */
  let pending: HostToWidget[] | undefined = [];

  const emit = (name: string, detail?: unknown): void => handlers[name]?.forEach((handler) => handler(detail));
  const send = (message: HostToWidget): void => void (pending ? pending.push(message) : port!.postMessage(message));
  /** setContext's values so far. */
  const context: PageContext = {};
  // The context as it is now (the page's address and title at this moment: an SPA moves), before every
  // setUser and open, so the widget has it when a chat starts.
  const share = (): void =>
    send({
      type: 'setContext',
      context: {
        ...(data.sharePage != 'false' && { pageUrl: location.origin + location.pathname, pageTitle: doc.title }),
        ...context,
      },
    });

  // The launcher: a real button, drawn with createElement(NS), styled through CSSOM only.
  const launcher = doc.createElement('button');
  const icon = doc.createElementNS(SVG, 'svg');
  const path = doc.createElementNS(SVG, 'path');
  const badge = doc.createElement('b');
  // No aria-hidden needed: a button's children are presentational and aria-label names it.
  // No viewBox either: the paths are drawn in the icon's own 28 × 28 px. Its fill: see the end.
  css(icon, 'display:block;width:28px;height:28px');
  icon.append(path);
  launcher.append(icon, badge);
  // data-color: the CSSOM drops an invalid colour, so the default stays.
  css(
    launcher,
    `${raised};bottom:20px;${corner}:20px;padding:14px;` +
      `border-radius:50%;background:#0263e0;background:${data.color};color:#fff`,
  );
  css(badge, 'position:absolute;top:0;right:0;padding:0 5px;border-radius:9px;background:#d00');

  /**
   * Draws the launcher and the panel from the state. The panel: 380 × 640 at the chosen corner,
   * never taller than the viewport; full screen below 640 px wide, sized from visualViewport so an
   * on-screen keyboard does not push it off screen. No animation in the host page at all, so
   * prefers-reduced-motion is always respected.
   */
  const render = (): void => {
    // The visitor looks (the panel open in a visible tab): the page's title back, exactly.
    if (isOpen && !doc.hidden) looked();
    // The icon says what a click does: a speech bubble opens, an X closes.
    path.setAttribute('d', isOpen ? 'M6 8l2-2 6 6 6-6 2 2-6 6 6 6-2 2-6-6-6 6-2-2 6-6z' : 'M5 6h18v13H11l-6 5z');
    launcher.ariaLabel = names ? names[+isOpen]! : launcherName(lang, isOpen);
    launcher.lang = lang;
    badge.textContent = unread as never; // the DOM turns the number into text
    badge.hidden = !unread || isOpen;
    if (frame)
      css(
        frame,
        `visibility:${isOpen ? 'visible' : 'hidden'};` +
          (innerWidth < 640
            ? `inset:${viewport.offsetTop}px 0 auto;width:100%;height:${viewport.height}px;border-radius:0`
            : `inset:auto;bottom:88px;${corner}:20px;width:380px;height:min(640px,100dvh - 108px);border-radius:12px`),
      );
  };

  const looked = (): void => {
    if (flashing) doc.title = pageTitle;
    clearInterval(flashing);
    flashing = 0;
  };

  const ensureFrame = (): void => {
    if (frame) return;
    frame = doc.createElement('iframe');
    Object.assign(frame, {
      sandbox: SANDBOX,
      allow: 'clipboard-write',
      title: 'Chat',
      referrerPolicy: 'strict-origin',
    });
    css(frame, `${raised};color-scheme:${theme === 'auto' ? 'light dark' : theme}`);
    // The accent as the browser computed it (rgb(…), whatever the page wrote), only when the page chose one.
    if (data.color) settings.color = getComputedStyle(launcher).backgroundColor;
    // The settings ride in the fragment too (never sent to the server), so the widget renders its
    // first view while its script runs, without waiting for the handshake; `connect` repeats them.
    frame.src = `${server}/widget?origin=${location.origin}#${encodeURIComponent(JSON.stringify(settings))}`;
    render();
    // After the launcher, at the same z-index: in full screen the panel covers the launcher.
    launcher.after(frame);
  };

  // Handshake: only a versioned hello from our iframe's window at the server's origin gets a port.
  const onWindowMessage = ({
    data: hello,
    origin,
    source,
  }: MessageEvent<Partial<Record<'channel' | 'type' | 'version', unknown>> | null>): void => {
    if (origin !== server || source !== frame?.contentWindow || hello?.channel !== CHANNEL) return;
    // The server refused this page's origin (its 403 page says so): no chat here, and the reason once.
    if (hello.type === 'refused') {
      console.error(`Flex Webchat: ${location.origin} is not in ALLOWED_ORIGINS`);
      api.destroy();
    }
    if (hello.type === 'hello' && hello.version === PROTOCOL_VERSION) {
      const channel = new MessageChannel();
      port = channel.port1; // a reloaded widget's old port is already dead
      pending ??= [];
      port.onmessage = onPortMessage;
      settings.open = isOpen;
      source!.postMessage({ channel: CHANNEL, type: 'connect', version: PROTOCOL_VERSION, settings }, server, [
        channel.port2,
      ]);
    }
  };

  // Widget → loader messages, validated field by field; anything else is ignored.
  const onPortMessage = ({ data }: MessageEvent<Partial<Record<string, unknown>> | null>): void => {
    const { type, active, count, conversationSid, author, body, open, close, title } = data ?? {};
    if (type === 'ready') {
      const queued = pending;
      pending = undefined;
      queued?.forEach(send);
      emit(type);
    }
    if (type === 'requestClose') show(false);
    if (type === 'session') flag(active === true);
    if (type === 'unreadChange' && count === (count as number) >>> 0) {
      // A new message while the visitor is not looking (render stops it at once if they are): the
      // tab's title alternates with the widget's "(1) New message", unless data-title-notifications="false".
      if (count > unread && !flashing && notice && titleNotifications) {
        pageTitle = doc.title;
        const flash = (): void => void (doc.title = doc.title == notice ? pageTitle : notice);
        flash();
        flashing = setInterval(flash, 1e3);
      }
      unread = count;
      render();
      emit(type, { count });
    }
    if (type === 'launcherNames' && typeof open + typeof close + typeof title == 'stringstringstring') {
      names = [open as string, close as string];
      notice = title as string;
      render();
    }
    if (type === 'conversationStarted' && typeof conversationSid === 'string') emit(type, { conversationSid });
    if (type === 'conversationEnded') {
      flag(false);
      emit(type);
    }
    if (type === 'message' && typeof author + typeof body === 'stringstring') emit(type, { author, body });
  };

  // Warm-up on a sign of intent: the widget loads in its iframe, hidden, so that a click only shows
  // it (not for visitors who ask to save data: they load it on click).
  const warmUp = (): void => {
    if (!(navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) ensureFrame();
  };

  /**
   * Opens (focus moves into the panel, unless `quiet`: data-open, where the visitor did nothing) or
   * closes (focus returns to the launcher if it was in the panel).
   */
  const show = (open: boolean, quiet?: boolean): void => {
    if (open === isOpen) return;
    const type = open ? 'open' : 'close';
    const focusWasInPanel = doc.activeElement === frame;
    if (open) {
      ensureFrame();
      share();
    }
    isOpen = open;
    render();
    if (open && !quiet) frame!.focus();
    else if (focusWasInPanel) launcher.focus();
    send({ type }); // queued until the widget is ready, like every message
    emit(type);
  };

  const api: FlexWebchatApi = {
    open: () => show(true),
    close: () => show(false),
    toggle: () => show(!isOpen),
    setUser(user: FlexWebchatUser, options?: FlexWebchatSetUserOptions) {
      const skipForm = !!options?.skipForm;
      if (skipForm) ensureFrame();
      share();
      send({ type: 'setUser', user, skipForm, identityToken: options?.identityToken });
    },
    setContext(values: FlexWebchatContext) {
      Object.assign(context, values);
      share();
    },
    setLocale(locale: string) {
      lang = launcherLanguage([locale]) || 'en';
      names = undefined; // until the widget sends the new locale's
      render();
      send({ type: 'setLocale', locale });
    },
    on(event, handler) {
      const set = (handlers[event] ??= new Set());
      set.add(handler as Handler);
      return () => void set.delete(handler as Handler);
    },
    // The widget forgets everything it stored (session, draft, form values); the loader its flag.
    reset() {
      ensureFrame();
      send({ type: 'reset' });
      flag(false);
    },
    destroy() {
      looked();
      launcher.remove();
      frame?.remove();
      port?.close();
      listeners.abort();
      delete win.FlexWebchat;
    },
    // Only the API's own methods: a name like __proto__ or constructor is skipped with a warning,
    // never thrown, so the commands queued after it still run.
    push(...commands: FlexWebchatCommand[]) {
      for (const [name, ...args] of commands) {
        if (Object.hasOwn(api, name)) (api[name] as (...a: unknown[]) => void)(...args);
        else console.warn('FlexWebchat: unknown command', name);
      }
    },
  };
  win.FlexWebchat = api;

  // Handler properties on our own element; the shared window and visualViewport get listeners.
  // Hover and pressed states: the launcher grows a little under the pointer and gives when pressed.
  const scale = (factor: number) => () => css(launcher, `transform:scale(${factor})`);
  launcher.onclick = api.toggle;
  launcher.onfocus = launcher.ontouchstart = warmUp;
  launcher.onpointerenter = () => (warmUp(), scale(1.1)());
  launcher.onpointerleave = launcher.onpointerup = scale(1);
  launcher.onpointerdown = scale(0.9);
  launcher.onkeydown = (event) => {
    if (event.key === 'Escape') show(false); // (returning false here would cancel Enter's click)
  };
  win.addEventListener('message', onWindowMessage, listening);
  viewport.addEventListener('resize', render, listening);
  viewport.addEventListener('scroll', render, listening);
  doc.addEventListener('visibilitychange', render, listening);
  render();

  // Before <body> exists (an async script that ran early), <html> holds the launcher just as well.
  (doc.body || doc.documentElement).append(launcher);
  // The icon in black or white, whichever contrasts more with the launcher's colour. Luminance with
  // a gamma of 2 (not 2.4: fewer bytes) and the crossover at 0.25 of it: by Jensen's inequality the
  // choice always gives at least 3:1 (WCAG's minimum for graphics), and mostly 4.5:1 or more.
  const [r, g, b] = getComputedStyle(launcher).backgroundColor.match(/\d+/g) as unknown as number[];
  css(icon, `fill:#${0.21 * r! * r! + 0.72 * g! * g! + 0.07 * b! * b! > 16256 ? '000' : 'fff'}`);
  // A returning visitor with a conversation (the flag follows the widget's `session` messages):
  // bring it, and its unread badge, back at idle time without a click.
  if (flag()) (win.requestIdleCallback || setTimeout)(ensureFrame);
  api.push(...queue);
  if (data.open === 'true') show(true, true);
}
