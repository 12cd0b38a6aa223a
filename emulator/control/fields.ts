/** Reading the control API's JSON bodies strictly, with messages that say what to send. */
import { isRecord } from '../../contracts/guards.ts';
import { ControlError } from '../http/errors.ts';

export type Body = Record<string, unknown>;

export function invalid(message: string): ControlError {
  return new ControlError(400, 'invalid_request', message);
}

export function optionalString(body: Body, field: string, max: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw invalid(`"${field}" must be a non-empty string of at most ${max} characters.`);
  }
  return value;
}

export function requiredString(body: Body, field: string, max: number, example: string): string {
  const value = optionalString(body, field, max);
  if (value === undefined) throw invalid(`"${field}" is required, e.g. ${example}.`);
  return value;
}

export function onlyFields(body: Body, allowed: string[]): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw invalid(
      `Unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}; expected ${allowed.map((k) => `"${k}"`).join(', ')}.`,
    );
  }
}

/** The JSON object a request carries; an empty body is `{}`. */
export function parseJsonObject(raw: string): Body {
  if (raw.trim().length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('The body must be JSON (Content-Type: application/json).');
  }
  if (!isRecord(parsed)) throw invalid('The body must be a JSON object.');
  return parsed;
}
