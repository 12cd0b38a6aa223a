/**
 * The Media Content Service the SDK talks to over plain HTTP (XHR, so CORS is open): upload
 * (`POST …/Media?Category&Filename`, raw body, `X-Twilio-Token`), media records
 * (`GET …/Media/{ME}`), media sets (`POST …/MediaSet {command: "get"}`) and the temporary,
 * signed download URLs those records carry (`links.content_direct_temporary`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { verifyAccessToken } from './access-token.ts';
import type { DevCredentials } from './dev-credentials.ts';
import type { Faults } from './faults.ts';
import { BodyTooLargeError, OPEN_CORS, baseUrlOf, readBody, sendJson } from './http-util.ts';
import type { EmulatorState, MediaRecord } from './state.ts';
import { twilioError } from './twilio-errors.ts';

export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;
const DOWNLOAD_URL_TTL_SECONDS = 300;

export interface MediaHttpDependencies {
  state: EmulatorState;
  credentials: DevCredentials;
  faults: Faults;
  revokedTokens: ReadonlySet<string>;
}

export function createMediaHttp(deps: MediaHttpDependencies) {
  const { state, credentials } = deps;
  const signingKey = randomBytes(32);
  const servicePath = `/mcs/v1/Services/${credentials.conversationsServiceSid}`;

  const sign = (sid: string, expires: number) => createHmac('sha256', signingKey).update(`${sid}:${expires}`).digest('base64url');

  const mediaRecord = (media: MediaRecord, base: string): Record<string, unknown> => {
    const expires = Math.floor(Date.now() / 1000) + DOWNLOAD_URL_TTL_SECONDS;
    return {
      sid: media.sid,
      service_sid: credentials.conversationsServiceSid,
      account_sid: credentials.accountSid,
      channel_sid: media.conversationSid,
      message_sid: media.messageSid,
      date_created: media.dateCreated,
      date_upload_updated: media.dateCreated,
      date_updated: media.dateCreated,
      size: media.size,
      content_type: media.contentType,
      filename: media.filename,
      author: media.author,
      category: media.category,
      is_multipart_upstream: false,
      url: `${base}${servicePath}/Media/${media.sid}`,
      links: {
        content: `${base}${servicePath}/Media/${media.sid}/Content`,
        content_direct_temporary: `${base}/mcs/content/${media.sid}?Expires=${expires}&Signature=${sign(media.sid, expires)}`,
      },
    };
  };

  const mayRead = (media: MediaRecord, identity: string): boolean =>
    media.conversationSid ? state.getParticipant(media.conversationSid, identity) !== undefined : media.author === identity;

  const fail = (response: ServerResponse, status: number, code: number, message: string) =>
    sendJson(response, status, twilioError(status, code, message), OPEN_CORS);

  /** Handles the request when it is a media path; returns false otherwise. */
  return async function handleMedia(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith('/mcs/')) return false;
    if (request.method === 'OPTIONS') {
      response.writeHead(204, OPEN_CORS);
      response.end();
      return true;
    }
    await deps.faults.delay();
    const failure = deps.faults.takeFailure(request.method ?? 'GET', url.pathname);
    if (failure) {
      sendJson(response, failure.status, failure.body, OPEN_CORS);
      return true;
    }
    const base = baseUrlOf(request);

    const content = /^\/mcs\/content\/(ME[0-9a-f]{32})$/.exec(url.pathname);
    if (content && request.method === 'GET') {
      const sid = content[1] ?? '';
      const expires = Number(url.searchParams.get('Expires'));
      const given = Buffer.from(url.searchParams.get('Signature') ?? '', 'base64url');
      const expected = Buffer.from(sign(sid, expires), 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        fail(response, 403, 20403, 'This download URL is not valid: ask the SDK for a new temporary URL');
        return true;
      }
      if (!(expires * 1000 > Date.now())) {
        fail(response, 403, 20403, 'This download URL has expired: ask the SDK for a new temporary URL');
        return true;
      }
      const media = state.getMedia(sid);
      if (!media) {
        fail(response, 404, 20404, `Media ${sid} was not found`);
        return true;
      }
      sendMediaContent(response, media);
      return true;
    }

    if (!url.pathname.startsWith(servicePath)) {
      fail(response, 404, 20404, `No media service at ${url.pathname}: the service is ${servicePath}`);
      return true;
    }
    const check = verifyAccessToken(request.headers['x-twilio-token'], credentials, { revoked: deps.revokedTokens });
    if (!check.ok) {
      fail(response, 401, check.error.code, check.error.message);
      return true;
    }
    const identity = check.token.identity;
    const rest = url.pathname.slice(servicePath.length);

    if (rest === '/Media' && request.method === 'POST') {
      let body: Buffer;
      try {
        body = await readBody(request, MAX_MEDIA_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          fail(response, 413, 20413, `Media larger than ${MAX_MEDIA_BYTES} bytes (16 MB) is not accepted`);
          return true;
        }
        throw error;
      }
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      if (!/^[\w.+-]+\/[\w.+-]+$/.test(contentType)) {
        fail(response, 400, 20001, 'Upload the file as the raw body with its Content-Type (e.g. image/png)');
        return true;
      }
      if (body.length === 0) {
        fail(response, 400, 20001, 'The uploaded file is empty');
        return true;
      }
      const media = state.addMedia({
        author: identity,
        filename: url.searchParams.get('Filename'),
        contentType,
        content: body,
        category: url.searchParams.get('Category') ?? 'media',
      });
      sendJson(response, 201, mediaRecord(media, base), OPEN_CORS);
      return true;
    }

    const single = /^\/Media\/(ME[0-9a-f]{32})$/.exec(rest);
    if (single && request.method === 'GET') {
      const media = state.getMedia(single[1] ?? '');
      if (!media || !mayRead(media, identity)) {
        fail(response, 404, 20404, `Media ${single[1]} was not found`);
        return true;
      }
      sendJson(response, 200, mediaRecord(media, base), OPEN_CORS);
      return true;
    }

    if (rest === '/MediaSet' && request.method === 'POST') {
      let query: unknown;
      try {
        query = JSON.parse((await readBody(request, 1024 * 1024)).toString('utf8'));
      } catch {
        fail(response, 400, 20001, 'The media set query must be JSON: {"command":"get","list":[{"media_sid":"ME…"}]}');
        return true;
      }
      const list =
        typeof query === 'object' && query !== null && Array.isArray((query as { list?: unknown }).list)
          ? ((query as { list: unknown[] }).list as unknown[])
          : [];
      const results = list.map((entry) => {
        const sid = typeof entry === 'object' && entry !== null ? String((entry as { media_sid?: unknown }).media_sid) : '';
        const media = state.getMedia(sid);
        return media && mayRead(media, identity)
          ? { code: 200, media_record: mediaRecord(media, base) }
          : { code: 404, media_record: { sid } };
      });
      sendJson(response, 200, results, OPEN_CORS);
      return true;
    }

    fail(response, 404, 20404, `The emulator does not implement ${request.method} ${url.pathname}`);
    return true;
  };
}

export function sendMediaContent(response: ServerResponse, media: MediaRecord): void {
  const bytes = Buffer.from(media.content, 'base64');
  const filename = (media.filename ?? media.sid).replace(/["\\\r\n]/g, '_');
  response.writeHead(200, {
    ...OPEN_CORS,
    'Content-Type': media.contentType,
    'Content-Length': bytes.length,
    'Content-Disposition': `inline; filename="${filename}"`,
    'Cache-Control': 'private, max-age=300',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(bytes);
}
