/** The demo host site of `npm start`: a plain page with a strict CSP and the one-line snippet. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoHost } from '../../scripts/demo-host.ts';

test('serves the page with the strict CSP, the loader snippet and a link to the agent console', async () => {
  const demo = await startDemoHost({
    port: 0,
    serverOrigin: 'http://localhost:8787',
    agentConsoleUrl: 'http://localhost:8790/agent',
  });
  try {
    const url = demo.url.replace('localhost', '127.0.0.1');
    const response = await fetch(url);
    assert.equal(
      response.headers.get('content-security-policy'),
      "default-src 'none'; script-src 'self' http://localhost:8787; frame-src http://localhost:8787; style-src 'self'; require-trusted-types-for 'script'",
    );
    const html = await response.text();
    assert.match(html, /<script src="http:\/\/localhost:8787\/loader.js" async><\/script>/);
    assert.match(html, /href="http:\/\/localhost:8790\/agent"/);
    assert.doesNotMatch(html, /<script>|style=/);
    assert.equal((await fetch(`${url}/style.css`)).headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal((await fetch(`${url}/nope`)).status, 404);
  } finally {
    await demo.close();
  }
});
