/**
 * Twilio's request signature (`X-Twilio-Signature`): HMAC-SHA1 with the account's auth token over
 * the URL called followed by each POST parameter's name and value, sorted by name; base64. What
 * the `twilio` library's `validateRequest` checks.
 */
import { createHmac } from 'node:crypto';

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
