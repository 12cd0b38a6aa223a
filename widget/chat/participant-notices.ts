/**
 * The quiet system lines of a conversation: "Sam joined the chat", "Alex left the chat" (agents
 * joining and leaving, as in a Flex transfer), and where each goes among the messages.
 *
 * A join is placed by the participant's join time (Twilio's clock, the same as the messages'), so
 * it lands in the same place live and after a reload. A leave has no time on the wire: it goes
 * after the last message there was when the visitor saw it happen (a reload no longer shows it:
 * the roster only holds who is present).
 */

export type NoticeKind = 'joined' | 'left';

export interface ParticipantNotice {
  key: string;
  kind: NoticeKind;
  identity: string;
  /** When it happened, ms since the epoch (a join: the back end's clock; a leave: the visitor's). */
  time: number;
  /** Goes after the message with this index (a leave); absent: placed by `time` (a join). */
  afterIndex?: number;
}

interface Indexed {
  index: number;
  time: number;
}

export type Placed<M, N> = { message: M } | { notice: N };

/**
 * Messages (in index order) with the notices among them. A notice placed by time goes before the
 * first message at or after its time; one older than the oldest message loaded waits while there
 * is older history (`hasOlder`), as it belongs there. Notices at the same place keep their order.
 */
export function placeNotices<M extends Indexed, N extends ParticipantNotice>(
  messages: readonly M[],
  notices: readonly N[],
  hasOlder: boolean,
): Placed<M, N>[] {
  /** Notices by the position (0…messages.length) they go before. */
  const before = new Map<number, N[]>();
  const oldest = messages[0];
  for (const notice of notices) {
    let at: number;
    if (notice.afterIndex !== undefined) {
      const after = notice.afterIndex;
      at = messages.findIndex((m) => m.index > after);
    } else {
      if (hasOlder && oldest && notice.time < oldest.time) continue;
      at = messages.findIndex((m) => m.time >= notice.time);
    }
    if (at < 0) at = messages.length;
    const list = before.get(at) ?? [];
    list.push(notice);
    before.set(at, list);
  }
  const out: Placed<M, N>[] = [];
  messages.forEach((message, i) => {
    for (const notice of before.get(i) ?? []) out.push({ notice });
    out.push({ message });
  });
  for (const notice of before.get(messages.length) ?? []) out.push({ notice });
  return out;
}

/** The notices for a change of the agents present (`before` → `after`, identities in joining order). */
export function noticesFor(
  before: readonly string[],
  after: readonly string[],
  at: { time: number; lastIndex: number; joinedAt: (identity: string) => number | null; sequence: () => number },
): ParticipantNotice[] {
  const out: ParticipantNotice[] = [];
  for (const identity of after) {
    if (before.includes(identity)) continue;
    const joinedAt = at.joinedAt(identity);
    const key = `joined-${identity}-${at.sequence()}`;
    // Without a join time (not on the wire), it goes where the visitor saw it happen.
    out.push(
      joinedAt === null
        ? { key, kind: 'joined', identity, time: at.time, afterIndex: at.lastIndex }
        : { key, kind: 'joined', identity, time: joinedAt },
    );
  }
  for (const identity of before) {
    if (after.includes(identity)) continue;
    out.push({
      key: `left-${identity}-${at.sequence()}`,
      kind: 'left',
      identity,
      time: at.time,
      afterIndex: at.lastIndex,
    });
  }
  return out;
}
