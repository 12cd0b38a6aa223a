/**
 * The Content-Security-Policy of the /widget page: strict (no inline script or style, no eval),
 * and `frame-ancestors` pinned to the one host origin the server allows — which turns the origin
 * the loader claims in `?origin=` into one the browser enforces. With Turnstile configured, its
 * origin (TURNSTILE_SCRIPT_URL's) is added to script-src and frame-src, and nothing else.
 */
import type { WidgetConfig } from '../../contracts/widget-config.ts';

const TWILIO_TWILSOCK = 'wss://*.twilio.com';
const TWILIO_MEDIA = 'https://*.twilio.com https://*.twiliocdn.com';

/** `frameAncestor`: the allowed host origin, or undefined for `frame-ancestors 'none'`. */
export function widgetCsp(widget: WidgetConfig, frameAncestor: string | undefined): string {
  let twilsock = TWILIO_TWILSOCK;
  let media = TWILIO_MEDIA;
  if (widget.twilsockUrl) {
    const url = new URL(widget.twilsockUrl);
    twilsock = `${url.protocol}//${url.host}`;
    // The emulator (or a proxy) serves media from the same host over http(s).
    media = `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
  }
  // WIDGET_LOGO_URL (https, validated at start): exactly its origin, for images only.
  const logo = widget.logoUrl ? ` ${new URL(widget.logoUrl).origin}` : '';
  // Turnstile (when configured): its script, and the frame it renders the check in, from its origin only.
  const turnstile = widget.turnstile ? ` ${new URL(widget.turnstile.scriptUrl).origin}` : '';
  return [
    "default-src 'none'",
    `script-src 'self'${turnstile}`,
    ...(turnstile ? [`frame-src${turnstile}`] : []),
    "style-src 'self'",
    // https: for the images of rich content (cards, media templates): public URLs on any host;
    // the logo's origin by name too, so it stays allowed whatever becomes of that.
    `img-src 'self' blob: data: https: ${media}${logo}`,
    `media-src 'self' blob: ${media}`,
    `connect-src 'self' ${twilsock} ${media}`,
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestor ?? "'none'"}`,
  ].join('; ');
}
