/** A media file's bytes as HTTP (the signed download URL and the control API's media URL). */
import type { Context } from 'hono';
import type { MediaRecord } from '../state.ts';

/** Flex accepts files up to 16 MB. */
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

export function mediaContentResponse(c: Context, media: MediaRecord): Response {
  const bytes = Buffer.from(media.content, 'base64');
  const filename = (media.filename ?? media.sid).replace(/["\\\r\n]/g, '_');
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': media.contentType,
    'Content-Length': String(bytes.length),
    'Content-Disposition': `inline; filename="${filename}"`,
    'Cache-Control': 'private, max-age=300',
    'X-Content-Type-Options': 'nosniff',
  });
}
