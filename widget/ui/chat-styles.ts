/**
 * The chat view's own stylesheet (widget/styles/chat.css), not part of the first paint: the build
 * names it in `<meta name="flex-webchat-chat-css">`, and the chat chunk adds it once when it loads
 * (a file on the widget's origin, as the CSP's `style-src 'self'` wants). The promise settles
 * when it has loaded or failed: the view waits for it (no unstyled flash), never forever.
 */
const CHAT_CSS_META = 'flex-webchat-chat-css';

let added: Promise<void> | undefined;
export function addChatStyles(): Promise<void> {
  added ??= new Promise<void>((resolve) => {
    const href = document.querySelector<HTMLMetaElement>(`meta[name="${CHAT_CSS_META}"]`)?.content;
    if (!href) return resolve();
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
  return added;
}
