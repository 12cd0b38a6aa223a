/**
 * The form's Cloudflare Turnstile check (a lazy chunk, only with TURNSTILE_SITE_KEY): the client
 * script from TURNSTILE_SCRIPT_URL, rendered explicitly into the form with `turnstile.render`, in
 * whatever mode the sitekey is configured for (managed, non-interactive, invisible). Its token goes
 * to the controller (botCheckToken) for the next init; a token is good for one init only, so after
 * an init that did not start the chat the check runs again (`turnstile.reset`).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ChatController } from '../chat/controller.ts';

/** The part of Turnstile's client API (window.turnstile) the widget uses. */
interface Turnstile {
  render(
    container: HTMLElement,
    options: {
      sitekey: string;
      callback: (token: string) => void;
      'expired-callback': () => void;
      'error-callback': (code: string) => boolean;
      'response-field': boolean;
      theme: 'auto';
    },
  ): string | null | undefined;
  reset(widgetId: string): void;
  remove(widgetId: string): void;
}

let script: Promise<Turnstile> | undefined;

/** Loads the client script once, for explicit rendering. */
function loadTurnstile(scriptUrl: string): Promise<Turnstile> {
  script ??= new Promise<Turnstile>((resolve, reject) => {
    const element = document.createElement('script');
    const url = new URL(scriptUrl);
    url.searchParams.set('render', 'explicit');
    element.src = url.href;
    element.async = true;
    element.onload = () => {
      const api = (window as { turnstile?: Turnstile }).turnstile;
      if (api) resolve(api);
      else reject(new Error('the Turnstile script defined no window.turnstile'));
    };
    element.onerror = () => {
      script = undefined;
      reject(new Error(`the Turnstile script could not be loaded from ${url.origin}`));
    };
    document.head.append(element);
  });
  return script;
}

interface Props {
  controller: ChatController;
  siteKey: string;
  scriptUrl: string;
}

export function BotCheck({ controller, siteKey, scriptUrl }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const api = useRef<Turnstile | undefined>(undefined);
  const widgetId = useRef<string | null | undefined>(undefined);
  const token = controller.botCheckToken;

  useEffect(() => {
    let removed = false;
    loadTurnstile(scriptUrl).then(
      (turnstile) => {
        if (removed || !box.current) return;
        api.current = turnstile;
        widgetId.current = turnstile.render(box.current, {
          sitekey: siteKey,
          callback: (value) => (token.value = value),
          'expired-callback': () => (token.value = undefined),
          'error-callback': () => {
            token.value = undefined;
            return true; // handled: no exception from the script
          },
          'response-field': false,
          theme: 'auto',
        });
      },
      (error: unknown) => console.warn(`flex-webchat: ${error instanceof Error ? error.message : String(error)}`),
    );
    return () => {
      removed = true;
      if (widgetId.current) api.current?.remove(widgetId.current);
      token.value = undefined;
    };
  }, [siteKey, scriptUrl]);

  // An init just ended without a chat (the form is still here): its token is spent.
  const submitting = controller.submitting.value;
  const wasSubmitting = useRef(false);
  useEffect(() => {
    if (wasSubmitting.current && !submitting && widgetId.current) {
      token.value = undefined;
      api.current?.reset(widgetId.current);
    }
    wasSubmitting.current = submitting;
  }, [submitting]);

  return <div class="field bot-check" ref={box} />;
}
