/** Twilio-style SIDs: a two-letter prefix and 32 lowercase hex characters. */
import { randomBytes } from 'node:crypto';

export const SID_PATTERN = /^[A-Z]{2}[0-9a-f]{32}$/;

export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

export function isSid(value: unknown, prefix?: string): value is string {
  return typeof value === 'string' && SID_PATTERN.test(value) && (prefix === undefined || value.startsWith(prefix));
}
