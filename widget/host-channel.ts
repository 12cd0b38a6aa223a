/**
 * The widget's side of the loader ⇄ widget channel (see contracts/host-protocol.ts).
 * Says hello to the host page at its pinned origin, accepts exactly one `connect` from
 * that origin and that window, then talks only over the transferred MessagePort.
 */
import {
  CHANNEL,
  PROTOCOL_VERSION,
  type ConnectMessage,
  type HostToWidget,
  type PageContext,
  type VisitorPrefill,
  type WidgetSettings,
  type WidgetToHost,
} from '../contracts/host-protocol.ts';
import { isRecord } from '../contracts/guards.ts';
import { createEmitter } from './emitter.ts';

export interface HostChannel {
  settings: WidgetSettings;
  send(message: WidgetToHost): void;
  /** Subscribes to one kind of host message; returns the unsubscribe function. */
  on<T extends HostToWidget['type']>(
    type: T,
    handler: (message: Extract<HostToWidget, { type: T }>) => void,
  ): () => void;
  close(): void;
}

const HOST_MESSAGE_TYPES = new Set<HostToWidget['type']>([
  'open',
  'close',
  'setUser',
  'setContext',
  'setLocale',
  'reset',
]);

/** Validates a message arriving on the port; undefined for anything malformed. */
export function parseHostMessage(data: unknown): HostToWidget | undefined {
  if (!isRecord(data)) return undefined;
  const m = data;
  if (typeof m.type !== 'string' || !HOST_MESSAGE_TYPES.has(m.type as HostToWidget['type'])) return undefined;
  switch (m.type) {
    case 'setUser': {
      if (!isRecord(m.user) || typeof m.skipForm !== 'boolean') return undefined;
      // friendlyName and email may come as numbers too: the form takes every value as text.
      const user = primitives(m.user) as VisitorPrefill;
      const message: HostToWidget = { type: 'setUser', user, skipForm: m.skipForm };
      if (typeof m.identityToken === 'string') message.identityToken = m.identityToken;
      return message;
    }
    case 'setContext':
      return isRecord(m.context) ? { type: 'setContext', context: primitives(m.context) } : undefined;
    case 'setLocale':
      return typeof m.locale === 'string' && m.locale.length <= 35
        ? { type: 'setLocale', locale: m.locale }
        : undefined;
    default:
      return { type: m.type } as HostToWidget;
  }
}

/** The string, number and boolean values of a record (what the API takes); the rest is dropped. */
function primitives(record: Record<string, unknown>): PageContext {
  const values: PageContext = {};
  for (const [k, v] of Object.entries(record)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values[k] = v;
  }
  return values;
}

/** The loader's settings as it sends them (in `connect`, and in the frame's URL fragment), or false. */
export function isWidgetSettings(s: unknown): s is WidgetSettings {
  return (
    isRecord(s) &&
    typeof s.locale === 'string' &&
    (s.theme === 'light' || s.theme === 'dark' || s.theme === 'auto') &&
    (s.color === undefined || typeof s.color === 'string') &&
    (s.sound === undefined || typeof s.sound === 'boolean') &&
    (s.open === undefined || typeof s.open === 'boolean')
  );
}

/**
 * The settings the loader put in the frame's URL fragment (JSON, URI-encoded), so the first view
 * renders while the widget's script runs, before the handshake; undefined when absent or malformed.
 * Cosmetic only (theme, accent, locale, sound): the channel itself is still only the pinned `connect`.
 */
export function settingsFromFragment(hash: string): WidgetSettings | undefined {
  try {
    const settings: unknown = JSON.parse(decodeURIComponent(hash.slice(1)));
    return isWidgetSettings(settings) ? settings : undefined;
  } catch {
    return undefined;
  }
}

function isConnect(data: unknown): data is ConnectMessage {
  if (!isRecord(data)) return false;
  const m = data;
  return (
    m.channel === CHANNEL && m.type === 'connect' && m.version === PROTOCOL_VERSION && isWidgetSettings(m.settings)
  );
}

/**
 * Connects to the host page. `hostOrigin` is the origin the server pinned in frame-ancestors.
 * Resolves once the loader answered; never resolves when the widget is not framed by it.
 */
export function connectToHost(hostOrigin: string, win: Window = window): Promise<HostChannel> {
  return new Promise((resolve) => {
    if (win.parent === win) return; // not framed: nothing to talk to
    const onMessage = (event: MessageEvent): void => {
      if (event.origin !== hostOrigin || event.source !== win.parent || !isConnect(event.data)) return;
      const port = event.ports[0];
      if (!port) return;
      win.removeEventListener('message', onMessage);
      resolve(channelOver(port, event.data.settings));
    };
    win.addEventListener('message', onMessage);
    win.parent.postMessage({ channel: CHANNEL, type: 'hello', version: PROTOCOL_VERSION }, hostOrigin);
  });
}

/** Each host message type and the message it names. */
type HostMessages = { [T in HostToWidget['type']]: Extract<HostToWidget, { type: T }> };

function channelOver(port: MessagePort, settings: WidgetSettings): HostChannel {
  const events = createEmitter<HostMessages>();
  // A message is the payload of its own type; TypeScript cannot tie the union's tag to its member.
  const emit = events.emit;
  port.onmessage = (event) => {
    const message = parseHostMessage(event.data);
    if (message) emit(message.type, message);
  };
  return {
    settings,
    send: (message) => port.postMessage(message),
    on: events.on,
    close: () => port.close(),
  };
}
