/**
 * `GET /emulator/events`: every change of the emulator's state as Server-Sent Events, with a
 * comment as keep-alive every 15 s:
 *   {"type":"conversation","sid","conversation":{…detail, with messages}}  (created, message,
 *     participant, read horizon, state, feedback: the conversation as it now is, so followers need no request)
 *   {"type":"conversationRemoved","sid"}  (deleted: it is gone)
 *   {"type":"typing","sid","identity"}
 *   {"type":"settings","settings":{"autoAgent","autoAgentDelayMs"}}  (POST /emulator/settings)
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { ControlEvent, EmulatorSettings } from '../control-client.ts';
import { baseUrlOf } from '../http/json.ts';
import type { FeedbackInbox } from '../feedback-inbox.ts';
import type { EmulatorState, StateChange } from '../state.ts';
import { createControlViews } from './views.ts';

const KEEP_ALIVE_MS = 15000;

interface Follower {
  stream: SSEStreamingApi;
  /** The base URL this follower reached the emulator at (for media URLs). */
  base: string;
  done: () => void;
}

export class ControlEvents {
  private readonly followers = new Set<Follower>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly views: ReturnType<typeof createControlViews>;

  constructor(
    private readonly state: EmulatorState,
    feedback: FeedbackInbox,
  ) {
    this.views = createControlViews(state, feedback);
    state.onChange((change) => this.publish(change));
    // A deleted conversation has no view left to send: followers hear that it is gone.
    state.onEvent((event) => {
      if (event.type === 'conversationRemoved') this.conversationRemoved(event.conversation.sid);
    });
    // Feedback shows on its conversation: followers get the conversation again.
    feedback.onReceived((record) => this.publish({ type: 'conversation', sid: record.conversationSid }));
    this.heartbeat = setInterval(() => {
      for (const follower of this.followers) void follower.stream.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    this.heartbeat.unref();
  }

  stream(c: Context): Response {
    const base = baseUrlOf(c);
    const response = streamSSE(c, async (stream) => {
      await stream.write(': connected\n\n');
      await new Promise<void>((resolve) => {
        const follower: Follower = { stream, base, done: resolve };
        this.followers.add(follower);
        stream.onAbort(() => {
          this.followers.delete(follower);
          resolve();
        });
      });
    });
    response.headers.set('Content-Type', 'text/event-stream; charset=utf-8');
    response.headers.set('Cache-Control', 'no-store');
    return response;
  }

  /** Every follower hears that the conversation is gone (deleted, or forgotten by a reset). */
  conversationRemoved(sid: string): void {
    this.broadcast({ type: 'conversationRemoved', sid });
  }

  /** Every follower hears that the routing settings changed (several consoles stay in step). */
  settingsChanged(settings: EmulatorSettings): void {
    this.broadcast({ type: 'settings', settings: { ...settings } });
  }

  /** An event that is the same for every follower (no media URLs in it). */
  private broadcast(event: ControlEvent): void {
    const data = JSON.stringify(event);
    for (const follower of this.followers) void follower.stream.writeSSE({ data });
  }

  private publish(change: StateChange): void {
    if (this.followers.size === 0) return;
    const byBase = new Map<string, string>();
    const eventFor = (base: string): string | undefined => {
      if (change.type === 'typing') return JSON.stringify(change satisfies ControlEvent);
      const conversation = this.state.getConversation(change.sid);
      if (!conversation) return undefined;
      const event: ControlEvent = {
        type: 'conversation',
        sid: change.sid,
        conversation: this.views.detail(conversation, base),
      };
      return JSON.stringify(event);
    };
    for (const follower of this.followers) {
      if (!byBase.has(follower.base)) byBase.set(follower.base, eventFor(follower.base) ?? '');
      const data = byBase.get(follower.base);
      if (data) void follower.stream.writeSSE({ data });
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const follower of this.followers) follower.done();
    this.followers.clear();
  }
}
