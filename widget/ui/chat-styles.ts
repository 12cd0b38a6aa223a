/**
 * The chat view's own stylesheet (widget/styles/chat.css: rich content), not part of the first
 * paint: the build names it in `<meta name="flex-webchat-chat-css">`, and the chat chunk adds it
 * once when it loads (a file on the widget's origin, as the CSP's `style-src 'self'` wants).
 */
const CHAT_CSS_META = 'flex-webchat-chat-css';

let added = false;
export function addChatStyles(): void {
  if (added) return;
  added = true;
  const href = document.querySelector<HTMLMetaElement>(`meta[name="${CHAT_CSS_META}"]`)?.content;
  if (!href) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}
