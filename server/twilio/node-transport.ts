/**
 * The Node entry's transport to Twilio: node:http(s) with kept-alive connections. Node's fetch
 * (undici) pools connections too, but builds a Request, a Response, web streams and an
 * AbortSignal per call: in a CPU profile of a token refresh that was ~15% of the server's time,
 * node:http's request a few percent. Workers keep fetch (upstream.ts's fetchTransport).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TransportError, type HttpTransport, type TransportResponse } from './upstream.ts';

export function nodeHttpTransport(): HttpTransport {
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({ keepAlive: true });
  return (request) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const secure = url.protocol === 'https:';
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
      let settled = false;
      const settle = (error: TransportError | undefined, response?: TransportResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(response!);
      };
      const onResponse = (incoming: IncomingMessage) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          settle(undefined, {
            status: incoming.statusCode ?? 0,
            header: (name) => {
              const value = incoming.headers[name.toLowerCase()];
              return Array.isArray(value) ? value.join(', ') : (value ?? null);
            },
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('close', () => {
          if (!incoming.complete) settle(new TransportError(timedOut ? 'timeout' : 'broken', 'the answer broke off'));
        });
      };
      const outgoing = (secure ? httpsRequest : httpRequest)(
        url,
        { method: request.method, headers, agent: secure ? httpsAgent : httpAgent },
        onResponse,
      );
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        settle(new TransportError('timeout', `no answer within ${request.timeoutMs} ms`));
        outgoing.destroy();
      }, request.timeoutMs);
      outgoing.on('error', (error) =>
        settle(new TransportError(timedOut ? 'timeout' : 'unreachable', describe(error))),
      );
      outgoing.end(request.body);
    });
}

function describe(error: Error): string {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}
