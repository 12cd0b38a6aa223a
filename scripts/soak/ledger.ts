/**
 * The soak's accounting: every message carries a tag (`[v2#17]`: visitor of chat 2, its 17th
 * message; `[a2#5]`: the agent's 5th in chat 2). A stream is one direction of one chat: what was
 * sent (in order, with when), and what the receiving side showed, snapshot after snapshot.
 */

export type Direction = 'visitor' | 'agent';

export function tagOf(chat: number, direction: Direction, seq: number): string {
  return `[${direction === 'visitor' ? 'v' : 'a'}${chat}#${seq}]`;
}

/** The sequence numbers of the tags of one chat and direction in a text, in order. */
export function sequencesIn(text: string, chat: number, direction: Direction): number[] {
  const prefix = direction === 'visitor' ? 'v' : 'a';
  const found: number[] = [];
  for (const match of text.matchAll(/\[([va])(\d+)#(\d+)\]/g)) {
    if (match[1] === prefix && Number(match[2]) === chat) found.push(Number(match[3]));
  }
  return found;
}

export class Stream {
  private readonly sentAt = new Map<number, number>();
  private readonly seen = new Set<number>();
  /** Extra copies of a message shown at once (the most ever seen in one snapshot). */
  private readonly extraCopies = new Map<number, number>();
  private readonly outOfOrder = new Set<number>();
  private next = 1;

  /** The sequence number of the next message (take it, then `sent` it once handed over). */
  nextSequence(): number {
    return this.next++;
  }

  sent(seq: number, at = Date.now()): void {
    this.sentAt.set(seq, at);
  }

  /** What the receiving side shows now, in its order (only tags this stream sent count). */
  observe(shown: readonly number[]): void {
    const counts = new Map<number, number>();
    let highest = 0;
    for (const seq of shown) {
      if (!this.sentAt.has(seq)) continue;
      this.seen.add(seq);
      counts.set(seq, (counts.get(seq) ?? 0) + 1);
      if (seq < highest) this.outOfOrder.add(seq);
      highest = Math.max(highest, seq);
    }
    for (const [seq, count] of counts) {
      if (count > 1) this.extraCopies.set(seq, Math.max(this.extraCopies.get(seq) ?? 0, count - 1));
    }
  }

  /** Messages handed over at or before `time` that the receiver has not shown yet. */
  missingSince(time: number): number[] {
    return [...this.sentAt].filter(([seq, at]) => at <= time && !this.seen.has(seq)).map(([seq]) => seq);
  }

  figures(): { sent: number; delivered: number; duplicated: number; outOfOrder: number } {
    let duplicated = 0;
    for (const extra of this.extraCopies.values()) duplicated += extra;
    return { sent: this.sentAt.size, delivered: this.seen.size, duplicated, outOfOrder: this.outOfOrder.size };
  }
}
