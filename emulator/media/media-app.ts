/**
 * The Media Content Service the SDK talks to over plain HTTP (XHR, so CORS is open): upload
 * (`POST …/Media?Category&Filename`, raw body, `X-Twilio-Token`), media records
 * (`GET …/Media/{ME}`), media sets (`POST …/MediaSet {command: "get"}`) and the temporary,
 * signed download URLs those records carry (`links.content_direct_temporary`).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { verifyAccessToken } from '../access-token.ts';
import type { DevCredentials } from '../dev-credentials.ts';
import type { Faults } from '../faults.ts';
import { baseUrlOf, json } from '../http/json.ts';
import type { EmulatorState, MediaRecord } from '../state.ts';
import { TwilioApiError } from '../twilio-errors.ts';
import { MAX_MEDIA_BYTES, mediaContentResponse } from './media-content.ts';

const DOWNLOAD_URL_TTL_SECONDS = 300;
const MEDIA_SID = ':sid{ME[0-9a-f]{32}}';

/** Open CORS: the SDK reaches media with XHR from the widget's origin. */
export const openCors = cors({
  origin: '*',
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'X-Twilio-Token'],
  exposeHeaders: ['Content-Type', 'Content-Length', 'Content-Disposition'],
  maxAge: 600,
});

export interface MediaHttpDependencies {
  state: EmulatorState;
  credentials: DevCredentials;
  faults: Faults;
  revokedTokens: ReadonlySet<string>;
}

interface MediaEnv {
  Variables: { identity: string };
}

export function createMediaApp(deps: MediaHttpDependencies): Hono<MediaEnv> {
  const { state, credentials } = deps;
  const signingKey = randomBytes(32);
  const servicePath = `/mcs/v1/Services/${credentials.conversationsServiceSid}`;

  const sign = (sid: string, expires: number) =>
    createHmac('sha256', signingKey).update(`${sid}:${expires}`).digest('base64url');

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
    media.conversationSid
      ? state.getParticipant(media.conversationSid, identity) !== undefined
      : media.author === identity;

  const faults: MiddlewareHandler = async (c, next) => {
    await deps.faults.delay();
    const failure = deps.faults.takeFailure(c.req.method, c.req.path);
    if (failure) return json(c, failure.status, failure.body);
    await next();
  };

  const tokenHolder: MiddlewareHandler<MediaEnv> = async (c, next) => {
    const check = verifyAccessToken(c.req.header('x-twilio-token'), credentials, { revoked: deps.revokedTokens });
    if (!check.ok) throw new TwilioApiError(401, check.error.code, check.error.message);
    c.set('identity', check.token.identity);
    await next();
  };

  const app = new Hono<MediaEnv>();
  app.use('/mcs/*', openCors, faults);

  app.get(`/mcs/content/${MEDIA_SID}`, (c) => {
    const sid = c.req.param('sid');
    const expires = Number(c.req.query('Expires'));
    const given = Buffer.from(c.req.query('Signature') ?? '', 'base64url');
    const expected = Buffer.from(sign(sid, expires), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new TwilioApiError(403, 20403, 'This download URL is not valid: ask the SDK for a new temporary URL');
    }
    if (!(expires * 1000 > Date.now()))
      throw new TwilioApiError(403, 20403, 'This download URL has expired: ask the SDK for a new temporary URL');
    const media = state.getMedia(sid);
    if (!media) throw new TwilioApiError(404, 20404, `Media ${sid} was not found`);
    return mediaContentResponse(c, media);
  });

  app.use(`${servicePath}/*`, tokenHolder);
  app.post(
    `${servicePath}/Media`,
    bodyLimit({
      maxSize: MAX_MEDIA_BYTES,
      onError: () => {
        throw new TwilioApiError(413, 20413, `Media larger than ${MAX_MEDIA_BYTES} bytes (16 MB) is not accepted`);
      },
    }),
    async (c) => {
      const body = Buffer.from(await c.req.arrayBuffer());
      const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
      if (!/^[\w.+-]+\/[\w.+-]+$/.test(contentType))
        throw new TwilioApiError(400, 20001, 'Upload the file as the raw body with its Content-Type (e.g. image/png)');
      if (body.length === 0) throw new TwilioApiError(400, 20001, 'The uploaded file is empty');
      const media = state.addMedia({
        author: c.get('identity'),
        filename: c.req.query('Filename') ?? null,
        contentType,
        content: body,
        category: c.req.query('Category') ?? 'media',
      });
      return json(c, 201, mediaRecord(media, baseUrlOf(c)));
    },
  );

  app.get(`${servicePath}/Media/${MEDIA_SID}`, (c) => {
    const media = state.getMedia(c.req.param('sid'));
    if (!media || !mayRead(media, c.get('identity')))
      throw new TwilioApiError(404, 20404, `Media ${c.req.param('sid')} was not found`);
    return json(c, 200, mediaRecord(media, baseUrlOf(c)));
  });

  app.post(
    `${servicePath}/MediaSet`,
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw mediaSetError();
      },
    }),
    async (c) => {
      let query: unknown;
      try {
        query = JSON.parse(await c.req.text());
      } catch {
        throw mediaSetError();
      }
      const list =
        typeof query === 'object' && query !== null && Array.isArray((query as { list?: unknown }).list)
          ? (query as { list: unknown[] }).list
          : [];
      const identity = c.get('identity');
      const base = baseUrlOf(c);
      const results = list.map((entry) => {
        const sid =
          typeof entry === 'object' && entry !== null ? String((entry as { media_sid?: unknown }).media_sid) : '';
        const media = state.getMedia(sid);
        return media && mayRead(media, identity)
          ? { code: 200, media_record: mediaRecord(media, base) }
          : { code: 404, media_record: { sid } };
      });
      return json(c, 200, results);
    },
  );

  app.all(`${servicePath}/*`, (c) => {
    throw new TwilioApiError(404, 20404, `The emulator does not implement ${c.req.method} ${c.req.path}`);
  });
  app.all('/mcs/*', (c) => {
    throw new TwilioApiError(404, 20404, `No media service at ${c.req.path}: the service is ${servicePath}`);
  });
  return app;
}

function mediaSetError(): TwilioApiError {
  return new TwilioApiError(
    400,
    20001,
    'The media set query must be JSON: {"command":"get","list":[{"media_sid":"ME…"}]}',
  );
}
