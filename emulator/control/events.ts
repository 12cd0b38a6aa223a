/**
 * `GET /emulator/events`: every change of the emulator's state as Server-Sent Events
 * (`{"type":"conversation","sid"}` and `{"type":"typing","sid","identity"}`), with a comment as
 * keep-alive every 15 s.
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { EmulatorState } from '../state.ts';

const KEEP_ALIVE_MS = 15000;

export class ControlEvents {
  private readonly clients = new Set<{ stream: SSEStreamingApi; done: () => void }>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(state: EmulatorState) {
    state.onChange((change) => {
      this.send(JSON.stringify(change.type === 'typing' ? change : { type: 'conversation', sid: change.sid }));
    });
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) void client.stream.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    this.heartbeat.unref();
  }

  stream(c: Context): Response {
    const response = streamSSE(c, async (stream) => {
      await stream.write(': connected\n\n');
      await new Promise<void>((resolve) => {
        const client = { stream, done: resolve };
        this.clients.add(client);
        stream.onAbort(() => {
          this.clients.delete(client);
          resolve();
        });
      });
    });
    response.headers.set('Content-Type', 'text/event-stream; charset=utf-8');
    response.headers.set('Cache-Control', 'no-store');
    return response;
  }

  private send(data: string): void {
    for (const client of this.clients) void client.stream.writeSSE({ data });
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.done();
    this.clients.clear();
  }
}
