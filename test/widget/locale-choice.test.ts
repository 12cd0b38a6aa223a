/**
 * Choosing the widget's language never breaks it: values named after prototype members or that are
 * no language tag at all fall back to English with a console warning (issue 10, defect 8).
 */
import assert from 'node:assert/strict';
import { afterEach, mock, test } from 'node:test';
import { locale, setLocale, t } from '../../widget/i18n/index.ts';
// The chat view's English strings ("Send"), which the widget adds when that view loads.
import '../../widget/i18n/chat-view-strings.ts';

afterEach(async () => {
  mock.restoreAll();
  await setLocale('en');
});

for (const tag of [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'not a tag!',
  'x'.repeat(300),
]) {
  test(`setLocale(${JSON.stringify(tag.slice(0, 20))}) keeps the widget working, in English, with a warning`, async () => {
    const warn = mock.method(console, 'warn', () => undefined);
    await assert.doesNotReject(() => setLocale(tag));
    assert.equal(t('send'), 'Send');
    assert.equal(locale(), 'en');
    assert.doesNotThrow(() => new Intl.DateTimeFormat(locale()).format(0));
    assert.equal(warn.mock.callCount(), 1);
  });
}

test('a valid tag without strings of its own keeps its formats and warns nothing', async () => {
  const warn = mock.method(console, 'warn', () => undefined);
  await setLocale('en-GB');
  assert.equal(locale(), 'en-GB');
  assert.equal(t('send'), 'Send');
  assert.equal(warn.mock.callCount(), 0);
});
