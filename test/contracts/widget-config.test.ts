import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_WIDGET_CONFIG, parseWidgetConfig } from '../../contracts/widget-config.ts';

describe('widget config contract', () => {
  it('reads a valid config with no problems', () => {
    const input = {
      twilsockUrl: 'ws://127.0.0.1:4000/v3/wsconnect',
      preEngagementForm: [{ key: 'friendlyName', label: 'Name', type: 'text', required: true }],
      attachments: { enabled: false, maxFileBytes: 1000, extensions: ['.PNG'] },
    };
    const { config, problems } = parseWidgetConfig(input);
    assert.deepEqual(problems, []);
    assert.equal(config.twilsockUrl, 'ws://127.0.0.1:4000/v3/wsconnect');
    assert.deepEqual(config.attachments, { enabled: false, maxFileBytes: 1000, extensions: ['png'] });
  });

  it('keeps the default of every malformed property and names it (the widget ignores, the server refuses)', () => {
    const { config, problems } = parseWidgetConfig({
      twilsockUrl: 'https://x',
      preEngagementForm: [],
      attachments: 'yes',
    });
    assert.deepEqual(
      problems.map((p) => p.property),
      ['twilsockUrl', 'preEngagementForm', 'attachments'],
    );
    assert.deepEqual(config, DEFAULT_WIDGET_CONFIG);
  });

  it('answers the default for anything that is not an object', () => {
    assert.deepEqual(parseWidgetConfig(null), { config: DEFAULT_WIDGET_CONFIG, problems: [] });
  });
});
