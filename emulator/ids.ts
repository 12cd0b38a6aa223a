/** Twilio-style SIDs: a two-letter prefix and 32 lowercase hex characters. */
import { randomBytes } from 'node:crypto';

export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}
