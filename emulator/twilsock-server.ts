/**
 * The Twilsock v3 transport: WebSocket connections at /twilsock, `init`/`update` with access-token
 * checks, the tunnelled HTTP requests (`message` frames) handed to a router, notifications
 * (Sync events, typing), `client_update` (token about to expire) and `close` (token expired).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { verifyAccessToken, type VerifiedToken } from './access-token.ts';
import type { DevCredentials } from './dev-credentials.ts';
import type { Faults } from './faults.ts';
import { TwilioApiError, statusText, twilioError } from './twilio-errors.ts';
import { decodeFrame, encodeFrame, type TwilsockFrame, type TwilsockHeader } from './twilsock-protocol.ts';
import type { TunnelConnection, TunnelHandler, TunnelRequest } from './tunnel.ts';

/** Twilio warns this long before a token expires. */
const ABOUT_TO_EXPIRE_SECONDS = 180;
export const TYPING_MESSAGE_TYPE = 'twilio.ipmsg.typing_indicator';

export interface TwilsockServerOptions {
  credentials: DevCredentials;
  faults: Faults;
  route: TunnelHandler;
  log?: (line: string) => void;
}

export class TwilsockConnection implements TunnelConnection {
  readonly id = randomUUID();
  token: VerifiedToken | undefined;
  readonly subscriptions = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly httpBase: string,
  ) {}

  get identity(): string {
    return this.token?.identity ?? '';
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === this.ws.OPEN;
  }

  subscribe(objectSid: string): void {
    this.subscriptions.add(objectSid);
  }

  unsubscribe(objectSid: string): void {
    this.subscriptions.delete(objectSid);
  }

  send(header: Omit<TwilsockHeader, 'id'> & { id?: string }, payload?: unknown): void {
    if (!this.isOpen) return;
    this.ws.send(
      encodeFrame({ ...header, id: header.id ?? `TM${randomUUID().replace(/-/g, '')}` } as TwilsockHeader, payload),
    );
  }

  notify(messageType: string, payload: unknown): void {
    this.send({ method: 'notification', message_type: messageType, payload_type: 'application/json' }, payload);
  }

  /** Token timers: `client_update` three minutes before expiry, `close` 410/20104 at expiry. */
  scheduleTokenTimers(token: VerifiedToken, onExpired: () => void): void {
    this.clearTimers();
    const nowMs = Date.now();
    const warnIn = Math.max(0, (token.expiresAt - ABOUT_TO_EXPIRE_SECONDS) * 1000 - nowMs);
    const expireIn = Math.max(0, token.expiresAt * 1000 - nowMs);
    this.timers.push(setTimeout(() => this.sendAboutToExpire(), warnIn));
    this.timers.push(setTimeout(onExpired, expireIn));
  }

  sendAboutToExpire(): void {
    this.send({ method: 'client_update', client_update_type: 'token_about_to_expire' });
  }

  sendTokenExpired(): void {
    this.send({
      method: 'close',
      status: {
        code: 410,
        status: 'Token expired',
        errorCode: 20104,
        description: 'Access Token expired or expiration date invalid',
      },
    });
    const socket = this.ws;
    setTimeout(() => socket.close(), 1000).unref();
  }

  clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  terminate(): void {
    this.closed = true;
    this.clearTimers();
    this.ws.terminate();
  }

  markClosed(): void {
    this.closed = true;
    this.clearTimers();
  }
}

export class TwilsockServer {
  readonly connections = new Set<TwilsockConnection>();
  /** Signatures of tokens expired early through the control API. */
  readonly revokedTokens = new Set<string>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 });

  constructor(private readonly options: TwilsockServerOptions) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const host = request.headers.host ?? '127.0.0.1';
      const connection = new TwilsockConnection(ws, `http://${host}`);
      this.connections.add(connection);
      ws.on('message', (data: RawData) => {
        void this.onMessage(connection, toBuffer(data));
      });
      ws.on('close', () => {
        connection.markClosed();
        this.connections.delete(connection);
      });
      ws.on('error', () => connection.terminate());
    });
  }

  /** Sends a notification to every open connection that passes the filter. */
  broadcast(filter: (connection: TwilsockConnection) => boolean, messageType: string, payload: unknown): void {
    for (const connection of this.connections) {
      if (connection.isOpen && connection.token && filter(connection)) connection.notify(messageType, payload);
    }
  }

  dropAll(): number {
    const count = this.connections.size;
    for (const connection of [...this.connections]) connection.terminate();
    this.connections.clear();
    return count;
  }

  aboutToExpireAll(): number {
    let count = 0;
    for (const connection of this.connections) {
      if (connection.isOpen && connection.token) {
        connection.sendAboutToExpire();
        count += 1;
      }
    }
    return count;
  }

  expireAll(): number {
    let count = 0;
    for (const connection of this.connections) {
      if (connection.isOpen && connection.token) {
        this.revokedTokens.add(connection.token.signature);
        connection.clearTimers();
        connection.sendTokenExpired();
        count += 1;
      }
    }
    return count;
  }

  close(): void {
    this.dropAll();
    this.wss.close();
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private async onMessage(connection: TwilsockConnection, data: Buffer): Promise<void> {
    let frame: TwilsockFrame;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      this.log(`twilsock: unreadable frame (${(error as Error).message}); closing`);
      connection.send({
        method: 'close',
        status: { code: 406, status: 'Not Acceptable', description: (error as Error).message },
      });
      connection.terminate();
      return;
    }
    const { header } = frame;
    switch (header.method) {
      case 'reply':
      case 'telemetry.v1':
        return;
      case 'close':
        connection.markClosed();
        return;
      case 'init':
        this.onInit(connection, frame);
        return;
      case 'update':
        this.onUpdate(connection, frame);
        return;
      case 'put_notification_ctx':
      case 'delete_notification_ctx':
        connection.send({ method: 'reply', id: header.id, status: { code: 200, status: 'OK' } });
        return;
      case 'message':
        await this.onTunnelMessage(connection, frame);
        return;
      default:
        connection.send({
          method: 'reply',
          id: header.id,
          status: { code: 400, status: 'Bad Request', description: `unknown method ${header.method}` },
        });
    }
  }

  private checkToken(token: unknown) {
    return verifyAccessToken(token, this.options.credentials, { revoked: this.revokedTokens });
  }

  private onInit(connection: TwilsockConnection, frame: TwilsockFrame): void {
    const { header } = frame;
    const check = this.checkToken(header.token);
    if (!check.ok) {
      connection.send({
        method: 'reply',
        id: header.id,
        status: {
          code: check.error.status,
          status: 'Unauthorized',
          errorCode: check.error.code,
          description: check.error.message,
        },
      });
      return;
    }
    connection.token = check.token;
    const registrations = Array.isArray(header.registrations) ? header.registrations : [];
    connection.send({
      method: 'reply',
      id: header.id,
      status: { code: 200, status: 'OK' },
      continuation_token: `CT${randomUUID().replace(/-/g, '')}`,
      continuation_token_status: { reissued: true },
      capabilities: Array.isArray(header.capabilities) ? header.capabilities : [],
      init_registrations: registrations.map((registration: unknown) => ({
        ...(typeof registration === 'object' && registration !== null ? registration : {}),
        notification_ctx_id: randomUUID(),
      })),
    });
    connection.scheduleTokenTimers(check.token, () => this.expire(connection));
  }

  private onUpdate(connection: TwilsockConnection, frame: TwilsockFrame): void {
    const { header } = frame;
    const check = this.checkToken(header.token);
    if (!check.ok || (connection.token && check.token.identity !== connection.token.identity)) {
      const error = check.ok
        ? { status: 401, code: 20103, message: 'The new token is for another identity than this connection' }
        : check.error;
      connection.send({
        method: 'reply',
        id: header.id,
        status: { code: error.status, status: 'Unauthorized', errorCode: error.code, description: error.message },
      });
      return;
    }
    connection.token = check.token;
    connection.send({ method: 'reply', id: header.id, status: { code: 200, status: 'OK' } });
    connection.scheduleTokenTimers(check.token, () => this.expire(connection));
  }

  private expire(connection: TwilsockConnection): void {
    if (connection.isOpen) connection.sendTokenExpired();
  }

  private async onTunnelMessage(connection: TwilsockConnection, frame: TwilsockFrame): Promise<void> {
    const { header } = frame;
    const reply = (httpStatus: number, body: unknown) =>
      connection.send(
        {
          method: 'reply',
          id: header.id,
          payload_type: 'application/json',
          status: { code: 200, status: 'OK' },
          http_status: { code: httpStatus, status: statusText(httpStatus) },
          http_headers: { 'Content-Type': 'application/json' },
        },
        body === undefined ? {} : body,
      );
    if (!connection.token) {
      connection.send({
        method: 'reply',
        id: header.id,
        status: { code: 401, status: 'Unauthorized', description: 'send init first' },
      });
      return;
    }
    const http = header.http_request;
    if (typeof http !== 'object' || http === null) {
      reply(400, twilioError(400, 20001, 'message frame without http_request'));
      return;
    }
    const request = toTunnelRequest(http as Record<string, unknown>, frame.payload);
    await this.options.faults.delay();
    const failure = this.options.faults.takeFailure(request.method, request.path);
    if (failure) {
      reply(failure.status, failure.body);
      return;
    }
    try {
      const response = await this.options.route(request, connection);
      reply(response.status, response.body);
      response.after?.();
    } catch (error) {
      if (error instanceof TwilioApiError) {
        reply(error.status, error.body);
        return;
      }
      this.log(`twilsock: ${request.method} ${request.path} failed: ${(error as Error).stack ?? String(error)}`);
      reply(
        500,
        twilioError(
          500,
          20500,
          `The emulator failed on ${request.method} ${request.path}: ${(error as Error).message}`,
        ),
      );
    }
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function toTunnelRequest(http: Record<string, unknown>, payload: unknown): TunnelRequest {
  const query: Record<string, string> = {};
  if (typeof http.params === 'object' && http.params !== null) {
    for (const [name, value] of Object.entries(http.params as Record<string, unknown>)) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') query[safeDecode(name)] = safeDecode(first);
    }
  }
  const headers: Record<string, string> = {};
  if (typeof http.headers === 'object' && http.headers !== null) {
    for (const [name, value] of Object.entries(http.headers as Record<string, unknown>)) {
      if (typeof value === 'string') headers[name] = value;
    }
  }
  return {
    method: typeof http.method === 'string' ? http.method.toUpperCase() : 'GET',
    host: typeof http.host === 'string' ? http.host : '',
    path: typeof http.path === 'string' ? http.path : '/',
    query,
    headers,
    body: payload,
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
