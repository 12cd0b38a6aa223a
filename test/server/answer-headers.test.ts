/** Headers added after the route has answered: in place on the app's own answers, on a copy of an immutable one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { editAnswerHeaders } from '../../server/middleware/answer-headers.ts';

function appWith(route: () => Response) {
  const seen: { before?: Response; after?: Response } = {};
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    seen.before = c.res;
    editAnswerHeaders(c, (headers) => {
      headers.set('X-Content-Type-Options', 'nosniff');
      headers.append('Vary', 'Origin');
    });
    seen.after = c.res;
  });
  app.get('/', route);
  return { app, seen };
}

test("the app's own answer keeps its body and status and is changed in place", async () => {
  const { app, seen } = appWith(() => Response.json({ ok: true }, { status: 201, headers: { Vary: 'Accept' } }));
  const answer = await app.request('/');
  assert.equal(answer.status, 201);
  assert.deepEqual(await answer.json(), { ok: true });
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(answer.headers.get('vary'), 'Accept, Origin');
  assert.equal(seen.after, seen.before, 'no copy of the answer');
});

test('an answer whose headers are immutable (Response.redirect) is copied once and gets them too', async () => {
  const { app, seen } = appWith(() => Response.redirect('https://example.com/next', 302));
  const answer = await app.request('/');
  assert.equal(answer.status, 302);
  assert.equal(answer.headers.get('location'), 'https://example.com/next');
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(answer.headers.get('vary'), 'Origin');
  assert.notEqual(seen.after, seen.before);
});
