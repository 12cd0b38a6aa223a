/**
 * The emulator as the site owner's feedback receiver (the chat server's FEEDBACK_WEBHOOK_URL under
 * `npm start` and the tests): `POST /emulator/feedback` checks the X-Webchat-Signature of the raw
 * body with the stack's secret and keeps what arrived, in order, for `GET /emulator/feedback`
 * and the agent console. Not part of Twilio: Flex never sees it (docs/flex-setup.md says how a
 * real site would bring it into Flex).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { FEEDBACK_LIMITS, type FeedbackWebhookBody } from '../contracts/webchat-api.ts';
import { isRecord } from '../contracts/guards.ts';

export type FeedbackRecord = FeedbackWebhookBody;

export class FeedbackInbox {
  private readonly records: FeedbackRecord[] = [];
  private readonly listeners = new Set<(record: FeedbackRecord) => void>();

  constructor(private readonly secret: string) {}

  /** True when `signature` is the hex HMAC-SHA256 of `rawBody` with the stack's secret. */
  verify(rawBody: string, signature: string | undefined): boolean {
    if (signature === undefined || !/^[0-9a-f]{64}$/i.test(signature)) return false;
    const expected = createHmac('sha256', this.secret).update(rawBody, 'utf8').digest();
    return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  }

  receive(record: FeedbackRecord): void {
    this.records.push(record);
    for (const listener of this.listeners) listener(record);
  }

  list(): FeedbackRecord[] {
    return [...this.records];
  }

  /** The latest feedback for a conversation (a retried delivery may have brought it twice). */
  latestFor(conversationSid: string): FeedbackRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i];
      if (record?.conversationSid === conversationSid) return record;
    }
    return undefined;
  }

  onReceived(listener: (record: FeedbackRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.records.length = 0;
  }
}

/** The webhook body's fields, or a sentence saying which one is wrong. */
export function parseFeedbackBody(value: unknown): FeedbackRecord | string {
  if (!isRecord(value)) return 'The body must be a JSON object.';
  const { conversationSid, identity, rating, comment, submittedAt } = value;
  if (typeof conversationSid !== 'string' || !/^CH[0-9a-f]{32}$/.test(conversationSid))
    return '"conversationSid" must be a conversation SID (CH…).';
  if (typeof identity !== 'string' || identity === '') return '"identity" must be a non-empty string.';
  if (
    typeof rating !== 'number' ||
    !Number.isInteger(rating) ||
    rating < FEEDBACK_LIMITS.ratingMin ||
    rating > FEEDBACK_LIMITS.ratingMax
  )
    return `"rating" must be a whole number from ${FEEDBACK_LIMITS.ratingMin} to ${FEEDBACK_LIMITS.ratingMax}.`;
  if (comment !== null && (typeof comment !== 'string' || comment.length > FEEDBACK_LIMITS.commentMax))
    return `"comment" must be null or a string of at most ${FEEDBACK_LIMITS.commentMax} characters.`;
  if (typeof submittedAt !== 'string' || Number.isNaN(Date.parse(submittedAt)))
    return '"submittedAt" must be an ISO 8601 date.';
  return { conversationSid, identity, rating, comment, submittedAt };
}
