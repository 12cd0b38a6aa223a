/**
 * The widget's entry point (the first paint: no SDK). Reads the server's config, connects
 * to the loader when framed (or opens the panel directly when not), and renders the app.
 */
import { signal } from '@preact/signals';
import { render } from 'preact';
import type { WidgetToHost } from '../contracts/host-protocol.ts';
import { endChat, initChat, refreshToken, sendRecentRequest } from './chat/api.ts';
import { ChatController } from './chat/controller.ts';
import { SessionStore } from './chat/session-store.ts';
import type { OpenSession } from './chat/types.ts';
import { readConfig } from './config.ts';
import { connectToHost, settingsFromFragment, type HostChannel } from './host-channel.ts';
import { sendLauncherNames } from './launcher-names.ts';
import { setLocale, setStringOverrides } from './i18n/index.ts';
import { safeStore } from './storage.ts';
import { applyTheme } from './ui/theme.ts';
import { App } from './ui/App.tsx';

const PREFETCH_META = 'flex-webchat-prefetch';

/**
 * Preloads the lazy chunks the build listed (the SDK, the chat view and its stylesheet), once:
 * at once, or when the browser is next idle (the panel opening: fetching and compiling ~0.5 MB of
 * script must not hold up the form's first frames on a slow device).
 */
let prefetched = false;
function prefetchSdk(when: 'now' | 'whenIdle'): void {
  if (prefetched) return;
  if (when === 'whenIdle') {
    const now = (): void => prefetchSdk('now');
    // Once the panel's next frame is on screen, then at idle time (Safari has no requestIdleCallback).
    requestAnimationFrame(() =>
      setTimeout(() =>
        'requestIdleCallback' in window ? requestIdleCallback(now, { timeout: 1000 }) : setTimeout(now, 300),
      ),
    );
    return;
  }
  prefetched = true;
  const urls =
    document.querySelector<HTMLMetaElement>(`meta[name="${PREFETCH_META}"]`)?.content.split(/\s+/).filter(Boolean) ??
    [];
  for (const href of urls) {
    const link = document.createElement('link');
    const style = href.endsWith('.css');
    link.rel = style ? 'preload' : 'modulepreload';
    if (style) link.as = 'style';
    link.href = href;
    document.head.append(link);
  }
}

const openSession: OpenSession = async (options) => (await import('./chat/sdk-session.ts')).openSdkSession(options);

/** How long a framed widget waits for the loader's settings (its locale) before it renders anyway. */
const FIRST_RENDER_WAIT_MS = 1500;

function main(): void {
  const config = readConfig();
  setStringOverrides(config.strings);
  const framed = window.parent !== window;
  const hostOrigin = new URL(location.href).searchParams.get('origin');
  const store = new SessionStore(
    safeStore(() => window.localStorage),
    safeStore(() => window.sessionStorage),
  );
  let channel: HostChannel | undefined;
  /** Framed: settles with the handshake (or when the host never answers); see ControllerDeps.hostReady. */
  let hostConnected: () => void = () => undefined;
  const hostReady = new Promise<void>((resolve) => (hostConnected = resolve));
  setTimeout(hostConnected, FIRST_RENDER_WAIT_MS);
  const pendingToHost: WidgetToHost[] = [];
  /** The unread count as last told to the loader: the launcher's name carries it. */
  const unread = signal(0);
  const notifyHost = (message: WidgetToHost): void => {
    if (message.type === 'unreadChange') unread.value = message.count;
    // data-sound="true": a message from someone else while the visitor is not looking (the panel
    // closed or the tab hidden) rings, once they have interacted with the widget (chime.ts).
    if (
      message.type === 'message' &&
      channel?.settings.sound === true &&
      !(controller.panelOpen.value && !document.hidden)
    )
      void import('./chime.ts').then((m) => m.chime());
    if (channel) channel.send(message);
    else if (framed) pendingToHost.push(message);
  };
  const controller = new ChatController({
    store,
    twilsockUrl: config.twilsockUrl,
    region: config.region,
    openSession,
    initChat: (request) => initChat(request),
    refreshToken: (token, sid) => refreshToken(token, sid),
    endChat: (token, sid) => endChat(token, sid),
    hostReady,
    recentMessages: (token, sid) => {
      const answer = sendRecentRequest(token, sid);
      return import('./chat/recent-api.ts').then((m) => m.recentMessagesOf(answer));
    },
    notifyHost,
    pageVisible: () => document.visibilityState === 'visible',
    prefetchSdk,
    pageWakeups: (listener) => {
      const onVisible = (): void => {
        if (document.visibilityState === 'visible') listener();
      };
      window.addEventListener('online', listener);
      document.addEventListener('visibilitychange', onVisible);
      return () => {
        window.removeEventListener('online', listener);
        document.removeEventListener('visibilitychange', onVisible);
      };
    },
  });

  const root = document.documentElement;
  applyTheme(root, 'auto');
  const requestClose = (): void => notifyHost({ type: 'requestClose' });
  /** Focus to where the visitor continues, only when the widget has focus to give (never taken from the host page). */
  const focusPanel = (): void => {
    requestAnimationFrame(() => {
      if (!document.hasFocus()) return;
      // "Type a message" first; a selector list would pick "Attach file", which comes before it.
      (
        document.querySelector<HTMLElement>('#composer-input:not([disabled])') ??
        document.querySelector<HTMLElement>('.form :is(input, textarea, select), .body button')
      )?.focus();
    });
  };

  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && framed) {
      event.preventDefault();
      requestClose();
    }
  });
  document.addEventListener('visibilitychange', () => controller.setVisible(document.visibilityState === 'visible'));

  const draft = store.draft();
  // The first render waits for the chosen locale's strings (a small chunk), so no English flashes.
  let rendered = false;
  const renderApp = (): void => {
    if (rendered) return;
    rendered = true;
    render(
      <App
        controller={controller}
        config={config}
        framed={framed}
        onClose={requestClose}
        draft={draft}
        saveDraft={(text) => store.saveDraft(text)}
      />,
      document.getElementById('app') ?? document.body,
    );
  };
  let localeReady: Promise<unknown> = Promise.resolve();

  if (!framed) {
    // Standalone (e.g. opened directly, or in tests): the page is the panel, in the browser's language.
    localeReady = setLocale(undefined).finally(renderApp);
    controller.setPanelOpen(true);
    hostConnected();
  } else if (hostOrigin) {
    // The loader's settings from the URL fragment: the first view renders now, while the handshake
    // runs (on a slow device a click can come between the two; the form is then already there).
    const early = settingsFromFragment(location.hash);
    if (early) {
      applyTheme(root, early.theme, early.color);
      localeReady = setLocale(early.locale || undefined).finally(renderApp);
    } else setTimeout(renderApp, FIRST_RENDER_WAIT_MS); // a host page that never answers still gets a widget
    void connectToHost(hostOrigin).then(async (c) => {
      channel = c;
      applyTheme(root, c.settings.theme, c.settings.color);
      // The loader's choice: data-locale, else the first of the browser's languages we ship.
      if (c.settings.locale !== early?.locale) await setLocale(c.settings.locale || undefined);
      else await localeReady;
      renderApp();
      c.on('open', () => {
        controller.setPanelOpen(true);
        focusPanel();
      });
      c.on('close', () => controller.setPanelOpen(false));
      c.on('setUser', ({ user, skipForm, identityToken }) => controller.setUser(user, skipForm, identityToken));
      c.on('setContext', ({ context }) => controller.setContext(context));
      c.on('setLocale', ({ locale }) => void setLocale(locale));
      c.on('reset', () => void controller.reset());
      // Clicked while the widget loaded: open now (the queued `open` follows and changes nothing).
      if (c.settings.open) controller.setPanelOpen(true);
      hostConnected();
      for (const m of pendingToHost.splice(0)) c.send(m);
      sendLauncherNames(unread, (m) => c.send(m));
      c.send({ type: 'ready' });
    });
  } else {
    hostConnected();
    renderApp();
  }
  void Promise.all([controller.boot(), localeReady]).then(() => {
    if (!framed) focusPanel();
  });
}

main();
