/**
 * What the visitor has read in one live conversation: their read horizon (advanced only while
 * they can see the messages), the "New messages" divider, and the unread count the loader shows
 * on its launcher.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { ChatMessage } from './types.ts';

export interface ReadTrackerOptions {
  identity: string;
  messages: ReadonlySignal<readonly ChatMessage[]>;
  /** The horizon the back end knows (from an earlier visit). */
  initialHorizon: number | null;
  /** Is the panel open? (The divider is placed only then.) */
  panelOpen(): boolean;
  /** Can the visitor see the messages now (panel open, widget and page visible)? */
  canSee(): boolean;
  /** Tells the back end the new horizon. */
  markRead(index: number): Promise<void>;
  /** Called whenever the unread count may have changed. */
  unreadChanged(count: number): void;
}

export class ReadTracker {
  /** The index of the last message the visitor has seen (null: none). */
  readonly horizon: Signal<number | null>;
  /** The sid of the first unread inbound message when the panel opened: "New messages" goes before it. */
  readonly dividerBefore = signal<string | undefined>(undefined);
  /** Inbound messages after the horizon. */
  readonly unread: ReadonlySignal<number>;

  constructor(private readonly options: ReadTrackerOptions) {
    this.horizon = signal(options.initialHorizon);
    this.unread = computed(() => {
      const horizon = this.horizon.value ?? -1;
      return options.messages.value.filter((m) => m.index > horizon && m.author !== options.identity).length;
    });
  }

  /** Puts "New messages" before the first unread inbound message (when the panel opens). */
  placeDivider(): void {
    if (!this.options.panelOpen()) return;
    const horizon = this.horizon.value ?? -1;
    const first = this.options.messages.value.find((m) => m.index > horizon && m.author !== this.options.identity);
    this.dividerBefore.value = first?.sid;
  }

  /** The visitor wrote: what came before is answered, the divider goes. */
  clearDivider(): void {
    this.dividerBefore.value = undefined;
  }

  /** Moves the horizon to the last message, if the visitor can see it; then reports the unread count. */
  advance(): void {
    const messages = this.options.messages.value;
    const last = messages[messages.length - 1];
    if (last && this.options.canSee() && (this.horizon.value ?? -1) < last.index) {
      this.horizon.value = last.index;
      void this.options.markRead(last.index).catch(() => undefined);
    }
    this.options.unreadChanged(this.unread.value);
  }
}
