/** Reads a `contentReply` attribute (a message's, or a stored outbox item's): `{ inReplyTo, id }`. */
import { isRecord } from '../../contracts/guards.ts';
import type { ContentReply } from './types.ts';

export function asContentReply(value: unknown): ContentReply | undefined {
  if (!isRecord(value)) return undefined;
  const { inReplyTo, id } = value;
  return typeof inReplyTo === 'string' && typeof id === 'string' ? { inReplyTo, id } : undefined;
}
