/**
 * The launcher's names in every shipped locale (loader/launcher-strings.ts): one per widget
 * locale, the same "Close chat" as the widget's catalogue, plural-correct unread counts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launcherLabel, launcherLanguage, LAUNCHER_STRINGS } from '../../loader/launcher-strings.ts';
import type { Catalogue } from '../../contracts/i18n/en.ts';
import { LOCALES } from '../../contracts/i18n/rules.ts';

async function catalogue(locale: string): Promise<Catalogue> {
  if (locale === 'en') return (await import('../../contracts/i18n/en.ts')).en;
  return (
    (await import(new URL(`../../widget/i18n/locales/${locale}.ts`, import.meta.url).href)) as { default: Catalogue }
  ).default;
}

test('one entry per widget locale, with the widget’s own "Close chat"', async () => {
  assert.deepEqual(Object.keys(LAUNCHER_STRINGS).sort(), [...LOCALES].sort());
  for (const locale of LOCALES) {
    assert.equal(launcherLabel(locale, true, 0), (await catalogue(locale)).closeChat, locale);
    const forms = LAUNCHER_STRINGS[locale]!.split('|');
    assert.ok(forms.length >= 3 && forms.every((f) => f.trim() !== ''), locale);
    for (const f of forms.slice(3)) assert.match(f, /^[otfm]/, `${locale}: a form's category initial`);
  }
});

test('the English names stay as they were, with the plural corrected', () => {
  assert.equal(launcherLabel('en', false, 0), 'Open chat');
  assert.equal(launcherLabel('en', false, 1), 'Open chat, 1 unread message');
  assert.equal(launcherLabel('en', false, 2), 'Open chat, 2 unread messages');
  assert.equal(launcherLabel('en', true, 5), 'Close chat');
});

test('plural forms follow CLDR: Polish, Arabic, Hebrew', () => {
  assert.equal(launcherLabel('pl', false, 1), 'Otwórz czat, 1 nieprzeczytana wiadomość');
  assert.equal(launcherLabel('pl', false, 3), 'Otwórz czat, 3 nieprzeczytane wiadomości');
  assert.equal(launcherLabel('pl', false, 5), 'Otwórz czat, 5 nieprzeczytanych wiadomości');
  assert.equal(launcherLabel('ar', false, 2), 'فتح الدردشة, رسالتان غير مقروءتين');
  assert.equal(launcherLabel('ar', false, 3), 'فتح الدردشة, 3 رسائل غير مقروءة');
  assert.equal(launcherLabel('ar', false, 11), 'فتح الدردشة, 11 رسالة غير مقروءة');
  assert.equal(launcherLabel('he', false, 1), 'פתיחת הצ׳אט, הודעה אחת שלא נקראה');
  assert.equal(launcherLabel('ja', false, 4), 'チャットを開く, 未読メッセージ 4件');
});

test('the language: the first tag we ship; prototype names are not languages', () => {
  assert.equal(launcherLanguage(['ko-KR', 'pt-BR', 'de']), 'pt');
  assert.equal(launcherLanguage(['zh-Hant-TW']), 'zh');
  assert.equal(launcherLanguage(['de_AT']), 'de');
  assert.equal(launcherLanguage(['constructor', '__proto__', 'toString', 'hasOwnProperty']), undefined);
  assert.equal(launcherLanguage([]), undefined);
});
