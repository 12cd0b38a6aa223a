/**
 * Headers a middleware adds once the route has answered. Hono's `c.header()` at that point copies
 * the whole Response for every header it sets (four to six copies per API request, a tenth of a
 * token refresh's CPU on Workers). The app's answers are Responses it built itself, whose headers
 * can be changed in place; one whose headers cannot (passed through from a `fetch()`, immutable by
 * the Fetch standard) is copied once.
 */
import type { Context } from 'hono';

export function editAnswerHeaders(c: Context, edit: (headers: Headers) => void): void {
  try {
    edit(c.res.headers);
  } catch (error) {
    // An immutable Headers refuses the first change, so nothing was half applied.
    if (!(error instanceof TypeError)) throw error;
    c.res = new Response(c.res.body, c.res);
    edit(c.res.headers);
  }
}
