/** The HTTP requests the SDK tunnels through Twilsock ("message" frames), as handlers see them. */
import { isRecord } from '../contracts/guards.ts';

export { isRecord };

export interface TunnelRequest {
  method: string;
  host: string;
  path: string;
  /** Query parameters, URL-decoded; a repeated name keeps its first value. */
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, a form-encoded or plain string, or undefined. */
  body: unknown;
}

/** What a handler needs to know about the Twilsock connection a request came through. */
export interface TunnelConnection {
  readonly identity: string;
  /** http://host:port of the emulator as this client reached it (for media URLs). */
  readonly httpBase: string;
  subscribe(objectSid: string): void;
  unsubscribe(objectSid: string): void;
  notify(messageType: string, payload: unknown): void;
}

export interface TunnelResponse {
  status: number;
  body: unknown;
  /** Runs after the reply frame has been sent (subscription replay must follow the reply). */
  after?: () => void;
}

export type TunnelHandler = (
  request: TunnelRequest,
  connection: TunnelConnection,
) => TunnelResponse | Promise<TunnelResponse>;

/** A tunnelled body as an object: JSON objects as they are, form-encoded strings parsed. */
export function bodyFields(body: unknown): Record<string, unknown> {
  if (isRecord(body)) return body;
  if (typeof body === 'string' && body.length > 0) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (isRecord(parsed)) return parsed;
    } catch {
      // not JSON: form-encoded
    }
    return Object.fromEntries(new URLSearchParams(body));
  }
  return {};
}
