/**
 * The local Flex + Conversations emulator: one HTTP server that speaks Twilsock (WebSocket at
 * /twilsock, with the tunnelled aim/cds calls), media over HTTP, the REST calls our server makes,
 * a control API under /emulator/ and the agent console at /agent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createAimHandler, TYPING_TIMEOUT_SECONDS } from './aim-api.ts';
import { ControlEvents } from './control/events.ts';
import { DEV_CREDENTIALS, type DevCredentials } from './dev-credentials.ts';
import { Faults } from './faults.ts';
import { FeedbackInbox } from './feedback-inbox.ts';
import { FlexRouting } from './flex-routing.ts';
import { createEmulatorHttpApp } from './http/app.ts';
import { allowedHostNames, isAllowedHost } from './http/host-check.ts';
import { Persistence } from './persistence.ts';
import { emptySnapshot, restoreSnapshot } from './snapshot.ts';
import { EmulatorState } from './state.ts';
import { SyncProjection } from './sync/projection.ts';
import { createSyncHandler, SYNC_EVENT_MESSAGE_TYPE } from './sync/sync-api.ts';
import type { TunnelHandler } from './tunnel.ts';
import { withEventOrigin } from './webhooks/event-origin.ts';
import { PostEventWebhooks } from './webhooks/post-event-webhooks.ts';
import { TYPING_MESSAGE_TYPE, TwilsockServer } from './twilsock-server.ts';

export { DEV_CREDENTIALS, serverEnvFor, type DevCredentials } from './dev-credentials.ts';
export { mintAccessToken } from './access-token.ts';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Host names the emulator answers to besides localhost, 127.0.0.1, [::1] and `host`; a request
   * with any other `Host` gets 403 (DNS rebinding). E.g. the machine's name when listening on 0.0.0.0.
   */
  allowedHosts?: string[];
  /** JSON file the state is loaded from and saved to. */
  dataFile?: string;
  /** An agent joins and greets after "Send to Flex" (default true). */
  autoAgent?: boolean;
  /** Default 1000. */
  autoAgentDelayMs?: number;
  /**
   * Where Twilio Conversations' post-event webhooks (onMessageAdded, onConversationStateUpdated, …)
   * go, signed with the dev auth token (`--webhook-url`, `EMULATOR_WEBHOOK_URL`). Conversation-scoped
   * webhooks are set through REST.
   */
  webhookUrl?: string;
  /** Diagnostics (default: none). */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** ws://127.0.0.1:PORT/twilsock */
  twilsockUrl: string;
  credentials: DevCredentials;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const credentials = DEV_CREDENTIALS;
  if (options.webhookUrl !== undefined && !/^https?:\/\/[^/]/.test(options.webhookUrl))
    throw new Error(`webhookUrl must be an absolute http(s) URL (got "${options.webhookUrl}")`);
  const host = options.host ?? '127.0.0.1';
  const state = new EmulatorState();
  const syncProjection = new SyncProjection(state);
  const faults = new Faults();
  const routing = new FlexRouting(state, {
    autoAgent: options.autoAgent ?? true,
    autoAgentDelayMs: options.autoAgentDelayMs ?? 1000,
  });
  const persistence = options.dataFile ? new Persistence(options.dataFile, state, syncProjection) : undefined;
  persistence?.load();

  const aim = createAimHandler({ state, syncObjects: syncProjection, credentials, routing });
  const sync = createSyncHandler(syncProjection.store);
  const route: TunnelHandler = (request, connection) => {
    const isSync = request.host.startsWith('cds.') || /^\/v[34]\//.test(request.path);
    if (isSync) return sync(request, connection);
    return withEventOrigin({ source: 'SDK', clientIdentity: connection.identity, webhooksEnabled: true }, () =>
      aim(request, connection),
    );
  };
  const twilsock = new TwilsockServer({ credentials, faults, route, log: options.log });

  syncProjection.store.onEvent((object, record) => {
    for (const connection of twilsock.connections) {
      if (connection.isOpen && connection.subscriptions.has(object.sid)) {
        connection.notify(SYNC_EVENT_MESSAGE_TYPE, { event_type: record.type, event: record.event });
      }
    }
  });
  state.onChange((change) => {
    if (change.type === 'typing') {
      twilsock.broadcast(
        (c) => c.identity !== change.identity && state.getParticipant(change.sid, c.identity) !== undefined,
        TYPING_MESSAGE_TYPE,
        { channel_sid: change.sid, identity: change.identity, typing_timeout: TYPING_TIMEOUT_SECONDS },
      );
    } else persistence?.scheduleSave();
  });

  const feedback = new FeedbackInbox(credentials.feedbackWebhookSecret);
  const events = new ControlEvents(state, feedback);
  const webhooks = new PostEventWebhooks({ state, credentials, globalUrl: options.webhookUrl, log: options.log });
  const allowedHosts = allowedHostNames(host, options.allowedHosts);
  const app = createEmulatorHttpApp({
    allowedHosts,
    state,
    credentials,
    faults,
    routing,
    twilsock,
    events,
    feedback,
    revokedTokens: twilsock.revokedTokens,
    log: options.log,
    reset: () => {
      restoreSnapshot(state, syncProjection, emptySnapshot());
      faults.reset();
      feedback.clear();
      twilsock.dropAll();
      persistence?.scheduleSave();
    },
  });

  // The Hono app answers HTTP; the same node:http server takes the Twilsock WebSocket upgrade.
  const listener = getRequestListener(app.fetch);
  const server = createServer((request, response) => void listener(request, response));
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://emulator.local').pathname;
    if (!isAllowedHost(request.headers.host, allowedHosts)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else if (path === '/twilsock' || path === '/v3/wsconnect') twilsock.handleUpgrade(request, socket, head);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}`;

  let closed = false;
  return {
    url,
    port,
    twilsockUrl: `ws://${urlHost}:${port}/twilsock`,
    credentials,
    async close() {
      if (closed) return;
      closed = true;
      routing.close();
      webhooks.close();
      events.close();
      twilsock.close();
      persistence?.save();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
