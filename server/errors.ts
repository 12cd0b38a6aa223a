/**
 * A failure the server answers as the API's error body (contracts/webchat-api.ts):
 * `{ error: { code, message } }` with an HTTP status.
 */
import type { ApiErrorBody, ApiErrorCode } from '../contracts/webchat-api.ts';

export type HttpErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 502 | 504;

export class HttpError extends Error {
  constructor(
    readonly status: HttpErrorStatus,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
