/**
 * WIDGET_STRINGS (the site owner's wording) and per-locale PRE_ENGAGEMENT_FORM labels: validated
 * at start (unknown locales and keys stop the server, named), delivered in the widget's config.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../server/config.ts';
import { TEST_ENV } from '../../scripts/harness/servers.ts';
import { configProblems as problems } from '../support/config.ts';
import { configScript } from '../../server/embed/routes.ts';

test('WIDGET_STRINGS reaches the widget config, and the page', () => {
  const strings = {
    en: { formTitle: 'Talk to Acme' },
    de: { formTitle: 'Sprechen Sie mit Acme', jumpToNew: { one: '{count} neue', other: '{count} neue' } },
  };
  const config = loadConfig({ ...TEST_ENV, WIDGET_STRINGS: JSON.stringify(strings) });
  assert.deepEqual(config.widget.strings, strings);
  assert.match(configScript(config.widget), /"strings":\{"en":\{"formTitle":"Talk to Acme"\}/);
  assert.equal(loadConfig(TEST_ENV).widget.strings, undefined);
});

test('unknown locales and keys, foreign placeholders and bad JSON stop the server, named', () => {
  const found = problems({
    WIDGET_STRINGS: JSON.stringify({ xx: {}, de: { startChatt: 'Los', fieldRequired: 'Pflichtfeld {name}' } }),
  }).join('\n');
  assert.match(found, /WIDGET_STRINGS has unknown locales: xx/);
  assert.match(found, /WIDGET_STRINGS "de" has unknown keys: startChatt/);
  assert.match(
    found,
    /WIDGET_STRINGS "de"."fieldRequired" must use the placeholders of English \(\{label\}\), not \{name\}/,
  );
  assert.match(problems({ WIDGET_STRINGS: '{nope' }).join('\n'), /WIDGET_STRINGS must be JSON/);
  assert.match(problems({ WIDGET_STRINGS: '{"__proto__": {"x": "y"}}' }).join('\n'), /unknown locales: __proto__/);
});

test('PRE_ENGAGEMENT_FORM labels: a string or per locale', () => {
  const form = [
    { key: 'friendlyName', label: { en: 'Name', de: 'Name' }, type: 'text', required: true },
    { key: 'order', label: { en: 'Order number', de: 'Bestellnummer' }, type: 'text', required: false },
  ];
  assert.deepEqual(
    loadConfig({ ...TEST_ENV, PRE_ENGAGEMENT_FORM: JSON.stringify(form) }).widget.preEngagementForm[1]?.label,
    { en: 'Order number', de: 'Bestellnummer' },
  );
  const bad = [{ key: 'friendlyName', label: { en: 'Name', xx: 'Nom' }, type: 'text', required: true }];
  assert.match(
    problems({ PRE_ENGAGEMENT_FORM: JSON.stringify(bad) }).join('\n'),
    /PRE_ENGAGEMENT_FORM field "friendlyName" has a label in unknown locales: xx/,
  );
});
