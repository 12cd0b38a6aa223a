/**
 * The Node entry cuts off slow clients (a trickled request: slowloris) well before Node's 300 s
 * default: headers and whole-request timeouts on the server node.ts creates (issue 10 hardening).
 * The real limits are seconds; the trickle runs against the same server with shorter ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { BackgroundTasks, NODE_TIMEOUTS, startNodeServer } from '../../server/node-lifecycle.ts';

const app = new Hono().post('/echo', async (c) => c.text(await c.req.text()));

async function listen(timeouts = NODE_TIMEOUTS) {
  const server = startNodeServer(app, new BackgroundTasks(), { port: 0, hostname: '127.0.0.1', timeouts });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  return server;
}

/** Opens a socket, sends `head`, then one byte of `trickle` every 50 ms; resolves when the server closes it. */
function trickle(port: number, head: string, trickled: string): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < trickled.length && !socket.destroyed) socket.write(trickled[i++]!);
    }, 50);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    // A reset by the server is how some cut-offs end: 'close' follows and settles the promise.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, ms: performance.now() - started });
    });
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`the server kept a trickling socket open: ${answer}`));
    }, 10_000).unref();
  });
}

test("the Node server has headers and request timeouts of seconds, not Node's 300 s", async () => {
  assert.ok(
    NODE_TIMEOUTS.headersTimeout > 0 && NODE_TIMEOUTS.headersTimeout <= 20_000,
    `headersTimeout ${NODE_TIMEOUTS.headersTimeout}`,
  );
  assert.ok(
    NODE_TIMEOUTS.requestTimeout > 0 && NODE_TIMEOUTS.requestTimeout <= 30_000,
    `requestTimeout ${NODE_TIMEOUTS.requestTimeout}`,
  );
  assert.ok(NODE_TIMEOUTS.connectionsCheckingInterval <= 5_000, 'checked often enough to cut off on time');
  const server = await listen();
  try {
    assert.equal(server.headersTimeout, NODE_TIMEOUTS.headersTimeout);
    assert.equal(server.requestTimeout, NODE_TIMEOUTS.requestTimeout);
  } finally {
    server.close();
  }
});

test('a trickled body or trickled headers are cut off with 408 at the request timeout', async () => {
  const timeouts = { headersTimeout: 400, requestTimeout: 800, connectionsCheckingInterval: 50 };
  const server = await listen(timeouts);
  const { port } = server.address() as AddressInfo;
  try {
    const body = await trickle(
      port,
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      'x'.repeat(1000),
    );
    assert.match(body.answer, /^HTTP\/1\.1 408/);
    // Cut off at the timeout, not when the trickle ends (50 s), with a wide margin for a loaded machine.
    assert.ok(body.ms < timeouts.requestTimeout + 5000, `cut off after ${Math.round(body.ms)} ms`);
    const headers = await trickle(port, 'POST /echo HTTP/1.1\r\n', 'X-Slow: ' + 'y'.repeat(1000));
    assert.match(headers.answer, /^HTTP\/1\.1 408/);
    assert.ok(headers.ms < timeouts.headersTimeout + 5000, `cut off after ${Math.round(headers.ms)} ms`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
