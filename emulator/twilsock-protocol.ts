/**
 * Twilsock v3 framing: `TWILSOCK V3.0 <header bytes>\r\n<header JSON>\r\n<payload>`, sent as binary
 * WebSocket messages (the SDK reads frames as ArrayBuffers; a text frame would parse as empty).
 */

export interface TwilsockHeader {
  method: string;
  id: string;
  payload_size?: number;
  payload_type?: string;
  [key: string]: unknown;
}

export interface TwilsockFrame {
  header: TwilsockHeader;
  /** Parsed JSON when the payload type is JSON, else the raw text; undefined when there is none. */
  payload: unknown;
}

const MAGIC = 'TWILSOCK V3.0 ';

export class TwilsockProtocolError extends Error {
  override name = 'TwilsockProtocolError';
}

export function decodeFrame(data: Buffer): TwilsockFrame {
  const firstBreak = data.indexOf('\r\n');
  if (firstBreak < 0) throw new TwilsockProtocolError('no header line');
  const magic = data.subarray(0, firstBreak).toString('latin1');
  if (!magic.startsWith(MAGIC)) throw new TwilsockProtocolError(`unsupported protocol "${magic.slice(0, 20)}"`);
  const headerSize = Number(magic.slice(MAGIC.length));
  if (!Number.isInteger(headerSize) || headerSize <= 0) throw new TwilsockProtocolError('bad header size');
  const headerStart = firstBreak + 2;
  let header: TwilsockHeader;
  try {
    header = JSON.parse(data.subarray(headerStart, headerStart + headerSize).toString('utf8')) as TwilsockHeader;
  } catch {
    throw new TwilsockProtocolError('header is not JSON');
  }
  if (typeof header !== 'object' || header === null || typeof header.method !== 'string') {
    throw new TwilsockProtocolError('header has no method');
  }
  const payloadStart = headerStart + headerSize + 2;
  const size = typeof header.payload_size === 'number' ? header.payload_size : 0;
  const payloadText = size > 0 ? data.subarray(payloadStart, payloadStart + size).toString('utf8') : '';
  let payload: unknown;
  if (size > 0) {
    const type = typeof header.payload_type === 'string' ? header.payload_type : 'application/json';
    if (type.startsWith('application/json')) {
      try {
        payload = JSON.parse(payloadText);
      } catch {
        throw new TwilsockProtocolError('payload is not JSON');
      }
    } else payload = payloadText;
  }
  return { header, payload };
}

export function encodeFrame(header: TwilsockHeader, payload?: unknown): Buffer {
  const payloadText = payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
  const payloadBytes = Buffer.from(payloadText, 'utf8');
  const fullHeader: TwilsockHeader = { ...header, payload_size: payloadBytes.length };
  if (payloadBytes.length > 0 && fullHeader.payload_type === undefined) fullHeader.payload_type = 'application/json';
  const headerBytes = Buffer.from(JSON.stringify(fullHeader), 'utf8');
  return Buffer.concat([
    Buffer.from(`${MAGIC}${headerBytes.length}\r\n`, 'latin1'),
    headerBytes,
    Buffer.from('\r\n', 'latin1'),
    payloadBytes,
  ]);
}
