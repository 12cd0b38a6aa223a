/**
 * A media file's bytes as HTTP (the signed download URL and the control API's media URL).
 *
 * The bytes are whatever a visitor or an agent uploaded, under the content type they claimed, and
 * they are served from the agent console's origin: nothing served here may run script there. Only
 * the raster image types a browser never runs script in are shown inline (so `<img>` and a click
 * on a thumbnail work); everything else (SVG, HTML, PDF, …) is a download. Every answer carries
 * `Content-Security-Policy: sandbox` (a document opened anyway gets an opaque origin and no
 * script) and `X-Content-Type-Options: nosniff`.
 */
import type { Context } from 'hono';
import type { MediaRecord } from '../state.ts';

/** Flex accepts files up to 16 MB. */
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

/** Raster image types shown inline; any other type is served as a download. */
export const INLINE_MEDIA_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** The headers every media answer carries, whatever its type. */
export const MEDIA_SECURITY_HEADERS = {
  'Content-Security-Policy': 'sandbox',
  'X-Content-Type-Options': 'nosniff',
} as const;

export function mediaContentResponse(c: Context, media: MediaRecord): Response {
  const bytes = Buffer.from(media.content, 'base64');
  const disposition = INLINE_MEDIA_TYPES.includes(media.contentType.toLowerCase()) ? 'inline' : 'attachment';
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': media.contentType,
    'Content-Length': String(bytes.length),
    'Content-Disposition': `${disposition}; ${filenameParameters(media.filename ?? media.sid)}`,
    'Cache-Control': 'private, max-age=300',
    ...MEDIA_SECURITY_HEADERS,
  });
}

/**
 * `filename="…"` (printable ASCII, anything else replaced) and, when the name is not plain ASCII,
 * `filename*=UTF-8''…` (RFC 6266) with the name as it is. A header value cannot carry the raw name.
 */
function filenameParameters(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (ascii === name) return `filename="${ascii}"`;
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
