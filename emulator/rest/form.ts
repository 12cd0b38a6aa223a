/**
 * The parameters of Twilio's REST calls: form-encoded bodies (Twilio takes no JSON), each field
 * read and checked the way Twilio checks it, with Twilio's error codes (20001 for a bad parameter).
 */
import type { Context } from 'hono';
import { parseAttributes } from '../attributes.ts';
import type { JsonObject } from '../json.ts';
import { TwilioApiError } from '../twilio-errors.ts';

/** The form-encoded parameters of a POST. */
export async function formOf(c: Context): Promise<URLSearchParams> {
  const raw = await c.req.text();
  if (raw.length > 0 && !(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw new TwilioApiError(
      415,
      20415,
      'Send parameters form-encoded (Content-Type: application/x-www-form-urlencoded)',
    );
  }
  return new URLSearchParams(raw);
}

export function invalidParameter(message: string): TwilioApiError {
  return new TwilioApiError(400, 20001, message);
}

/** `Attributes`-like fields: a JSON object serialised as a string. */
export function attributesParam(form: URLSearchParams, name = 'Attributes'): JsonObject | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  const attributes = parseAttributes(value);
  if (!attributes) throw invalidParameter(`Invalid ${name}: it must be a JSON object serialised as a string`);
  return attributes;
}

/** An ISO 8601 date-time (`DateCreated`, `DateUpdated`, …), normalised to UTC. */
export function dateParam(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  const time = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(time))
    throw invalidParameter(`Invalid ${name}: ${value} is not an ISO 8601 date-time such as 2026-01-31T12:00:00Z`);
  return new Date(time).toISOString();
}

/** A whole number ≥ 0, or null for an empty value. */
export function indexParam(form: URLSearchParams, name: string): number | null | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (value === '') return null;
  if (!/^\d+$/.test(value)) throw invalidParameter(`Invalid ${name}: ${value} is not a whole number`);
  return Number(value);
}

export function oneOf<T extends string>(form: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (!allowed.includes(value as T)) throw invalidParameter(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/**
 * Parameters Twilio takes that the emulator does not model (SMS/WhatsApp bindings, timers,
 * messaging services, Content templates, e-mail): refused, saying so, rather than silently ignored.
 */
export function refuseUnsupported(form: URLSearchParams, names: readonly string[]): void {
  for (const name of names) {
    const given = name.endsWith('.') ? [...form.keys()].find((key) => key.startsWith(name)) : form.has(name) && name;
    if (given)
      throw invalidParameter(
        `${given} is not supported by the Flex emulator (it has web chat participants only): see docs/emulator.md`,
      );
  }
}

/** `X-Twilio-Webhook-Enabled: true`: without it a REST call fires no webhooks, as on Twilio. */
export function webhooksEnabled(c: Context): boolean {
  return (c.req.header('x-twilio-webhook-enabled') ?? '').toLowerCase() === 'true';
}
