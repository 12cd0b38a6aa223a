/** A web site that embeds the chat, for the loader's tests and the host-page benchmark. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  origin: string;
  close(): Promise<void>;
}

export interface HostPage {
  /** Text, or bytes (e.g. gzipped, with a Content-Encoding header). */
  body: string | Uint8Array;
  headers?: Record<string, string>;
  contentType?: string;
}

export interface HostServer extends RunningServer {
  /** Serves `page` at `path` (e.g. "/page.html"). */
  set(path: string, page: HostPage): void;
}

/** A web site that embeds the chat, at http://localhost:<port 0>. */
export async function startHostServer(): Promise<HostServer> {
  const pages = new Map<string, HostPage>();
  const server: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': page.contentType ?? 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      ...page.headers,
    });
    res.end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    set: (path, page) => void pages.set(path, page),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The host CSP from issue 4: only the chat server's script and frame, Trusted Types required. */
export function strictHostCsp(server: string): string {
  return `default-src 'none'; script-src 'self' ${server}; frame-src ${server}; style-src 'self'; require-trusted-types-for 'script'`;
}
