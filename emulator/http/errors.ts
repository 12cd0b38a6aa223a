/**
 * The emulator's one error handler. Twilio-facing routes (REST, media) answer a thrown
 * `TwilioApiError` in Twilio's shape `{ code, message, more_info, status }`; the control API
 * answers `{ error: { code, message } }`, translating a domain `TwilioApiError` too.
 */
import type { Context } from 'hono';
import { TwilioApiError, twilioError } from '../twilio-errors.ts';
import { json } from './json.ts';

export const CONTROL_PREFIX = '/emulator/';

export type ControlErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'conflict'
  | 'conversation_closed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'forbidden_origin'
  | 'forbidden_host'
  | 'invalid_signature';

/** An error of the control API, with a message that says what to fix. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export function controlErrorBody(
  code: ControlErrorCode,
  message: string,
): { error: { code: ControlErrorCode; message: string } } {
  return { error: { code, message } };
}

export function createErrorHandler(log?: (line: string) => void) {
  return function onError(error: Error, c: Context): Response {
    // A body refused for its size is left unread: the connection cannot carry another request.
    if ((error instanceof ControlError || error instanceof TwilioApiError) && error.status === 413)
      c.header('Connection', 'close');
    if (error instanceof ControlError) return json(c, error.status, controlErrorBody(error.code, error.message));
    if (error instanceof TwilioApiError) {
      if (!c.req.path.startsWith(CONTROL_PREFIX)) return json(c, error.status, error.body);
      const notFound = error.status === 404;
      return json(c, notFound ? 404 : 400, controlErrorBody(notFound ? 'not_found' : 'invalid_request', error.message));
    }
    log?.(`emulator: ${c.req.method} ${c.req.path} failed: ${error.stack ?? String(error)}`);
    return json(c, 500, twilioError(500, 20500, `The emulator failed: ${error.message}`));
  };
}
