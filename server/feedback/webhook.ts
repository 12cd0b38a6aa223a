/**
 * Delivers the post-chat survey's feedback to the site owner's FEEDBACK_WEBHOOK_URL: a JSON POST
 * signed with FEEDBACK_WEBHOOK_SECRET (header X-Webchat-Signature = hex HMAC-SHA256 of the raw
 * body, with WebCrypto, which Node and Workers both have), retried once when it fails (no answer,
 * or any status outside 2xx).
 */
import { FEEDBACK_SIGNATURE_HEADER, type FeedbackWebhookBody } from '../../contracts/webchat-api.ts';
import type { FeedbackWebhook } from '../config.ts';
import { webCryptoHmac } from '../tokens/hmac.ts';
import type { HttpTransport } from '../twilio/upstream.ts';

/** One try, then one retry after this pause. */
export const FEEDBACK_ATTEMPTS = 2;
const RETRY_PAUSE_MS = 300;

export type FeedbackDelivery = { delivered: true } | { delivered: false; detail: string };

/** The hex HMAC-SHA256 of `body` with `secret`. */
export async function feedbackSignature(secret: string, body: string): Promise<string> {
  const mac = await webCryptoHmac(secret).sign(new TextEncoder().encode(body));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function deliverFeedback(
  transport: HttpTransport,
  webhook: FeedbackWebhook,
  feedback: FeedbackWebhookBody,
  timeoutMs: number,
): Promise<FeedbackDelivery> {
  const body = JSON.stringify(feedback);
  const headers = {
    'Content-Type': 'application/json',
    [FEEDBACK_SIGNATURE_HEADER]: await feedbackSignature(webhook.secret, body),
  };
  const failures: string[] = [];
  for (let attempt = 1; attempt <= FEEDBACK_ATTEMPTS; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    try {
      const response = await transport({ method: 'POST', url: webhook.url, headers, body, timeoutMs });
      if (response.status >= 200 && response.status <= 299) return { delivered: true };
      failures.push(`attempt ${attempt}: HTTP ${response.status}`);
    } catch (error) {
      failures.push(`attempt ${attempt}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { delivered: false, detail: failures.join('; ') };
}
