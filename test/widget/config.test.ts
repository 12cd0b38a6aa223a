/**
 * widget/config.ts: the config block the server embedded, taken as it is (the server checked it at
 * start), absent properties from the default; no block or no JSON object means the defaults.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WIDGET_CONFIG } from '../../contracts/widget-config.ts';
import { readConfig } from '../../widget/config.ts';

const page = (text: string | undefined) =>
  ({ getElementById: () => (text === undefined ? null : { textContent: text }) }) as unknown as Document;

test('the embedded config wins; what it lacks comes from the default', () => {
  const config = readConfig(page(JSON.stringify({ twilsockUrl: 'ws://localhost:8790/twilsock', region: 'ie1' })));
  assert.equal(config.twilsockUrl, 'ws://localhost:8790/twilsock');
  assert.equal(config.region, 'ie1');
  assert.deepEqual(config.preEngagementForm, DEFAULT_WIDGET_CONFIG.preEngagementForm);
  assert.deepEqual(config.attachments, DEFAULT_WIDGET_CONFIG.attachments);
});

test('no block, not JSON, or not an object: the defaults', () => {
  for (const text of [undefined, '', '{not json', '[1,2]', 'null', '"text"'])
    assert.deepEqual(readConfig(page(text)), DEFAULT_WIDGET_CONFIG, String(text));
});
