/**
 * The header's branding as server configuration: WIDGET_TITLE, WIDGET_SUBTITLE and
 * WIDGET_LOGO_URL are checked at start (a clear error naming the variable), reach the widget
 * through its config, and the logo's origin, and only that, is allowed by the widget's CSP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { TEST_ENV } from '../../scripts/harness/servers.ts';
import { configProblems as problemsOf } from '../support/config.ts';
import { widgetCsp } from '../../server/embed/widget-csp.ts';
import { DEFAULT_WIDGET_CONFIG, parseWidgetConfig } from '../../contracts/widget-config.ts';

test('unset: no title, subtitle or logo in the widget config (the widget shows its catalogue\'s "Chat")', () => {
  const { widget } = loadConfig(TEST_ENV);
  assert.equal(widget.title, undefined);
  assert.equal(widget.subtitle, undefined);
  assert.equal(widget.logoUrl, undefined);
  assert.equal(loadConfig({ ...TEST_ENV, WIDGET_TITLE: '  ', WIDGET_LOGO_URL: '' }).widget.title, undefined);
});

test('set: title, subtitle and logo reach the widget config, trimmed', () => {
  const { widget } = loadConfig({
    ...TEST_ENV,
    WIDGET_TITLE: ' Acme Support ',
    WIDGET_SUBTITLE: 'We reply in a few minutes',
    WIDGET_LOGO_URL: 'https://cdn.example.com/brand/logo.svg',
  });
  assert.equal(widget.title, 'Acme Support');
  assert.equal(widget.subtitle, 'We reply in a few minutes');
  assert.equal(widget.logoUrl, 'https://cdn.example.com/brand/logo.svg');
});

test('WIDGET_LOGO_URL must be https (no credentials, a plain host name): the error names the variable', () => {
  for (const bad of [
    'http://cdn.example.com/logo.png',
    'data:image/png;base64,AAAA',
    'javascript:alert(1)',
    '//cdn.example.com/logo.png',
    'logo.png',
    'https://user:pass@cdn.example.com/logo.png',
    'https://a;script-src*.example.com/logo.png',
  ]) {
    const problems = problemsOf({ WIDGET_LOGO_URL: bad });
    assert.equal(problems.length, 1, `${bad}: ${problems.join(' | ')}`);
    assert.match(problems[0]!, /^WIDGET_LOGO_URL must be an https:\/\/ URL/);
  }
});

test('WIDGET_TITLE and WIDGET_SUBTITLE must be one line and not too long', () => {
  assert.match(problemsOf({ WIDGET_TITLE: 'x'.repeat(61) })[0] ?? '', /^WIDGET_TITLE must be one line of at most 60/);
  assert.match(problemsOf({ WIDGET_TITLE: 'Acme\nSupport' })[0] ?? '', /^WIDGET_TITLE /);
  assert.match(
    problemsOf({ WIDGET_SUBTITLE: 'y'.repeat(101) })[0] ?? '',
    /^WIDGET_SUBTITLE must be one line of at most 100/,
  );
  const error = (() => {
    try {
      loadConfig({ ...TEST_ENV, WIDGET_TITLE: 'a\rb', WIDGET_LOGO_URL: 'ftp://x.example.com/l.png' });
    } catch (e) {
      return e as ConfigError;
    }
  })();
  assert.deepEqual(error?.variables, ['WIDGET_TITLE', 'WIDGET_LOGO_URL']);
});

test("the widget's CSP allows exactly the logo's origin for images, nothing else", () => {
  const widget = loadConfig({ ...TEST_ENV, WIDGET_LOGO_URL: 'https://cdn.example.com:8443/brand/logo.svg?v=2' }).widget;
  const csp = widgetCsp(widget, 'https://www.example.com');
  const directive = (name: string): string[] =>
    csp
      .split('; ')
      .find((d) => d.startsWith(`${name} `))!
      .split(' ')
      .slice(1);
  assert.ok(directive('img-src').includes('https://cdn.example.com:8443'), csp);
  for (const other of ['connect-src', 'media-src', 'script-src', 'style-src', 'default-src'])
    assert.ok(!directive(other).some((s) => s.includes('cdn.example.com')), `${other}: ${csp}`);
  assert.ok(!widgetCsp(loadConfig(TEST_ENV).widget, undefined).includes('cdn.example.com'));
});

test('the contract parser: a malformed branding value keeps the default and is reported', () => {
  const { config, problems } = parseWidgetConfig({ title: 42, subtitle: 'Hi', logoUrl: 'http://x.example.com/l.png' });
  assert.equal(config.title, DEFAULT_WIDGET_CONFIG.title);
  assert.equal(config.subtitle, 'Hi');
  assert.equal(config.logoUrl, undefined);
  assert.deepEqual(
    problems.map((p) => p.property),
    ['title', 'logoUrl'],
  );
});
