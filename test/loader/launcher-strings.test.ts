/**
 * The launcher's names: the loader's own copy (loader/launcher-strings.ts, for before the widget is
 * loaded) says what the widget's catalogues say, and the names the widget sends once loaded
 * (widget/launcher-names.ts) carry a plural-correct unread count in every locale.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launcherLanguage, launcherName, LAUNCHER_STRINGS } from '../../loader/launcher-strings.ts';
import type { Catalogue } from '../../contracts/i18n/en.ts';
import { LOCALES } from '../../contracts/i18n/rules.ts';
import { setLocale } from '../../widget/i18n/index.ts';
import { launcherNames } from '../../widget/launcher-names.ts';

async function catalogue(locale: string): Promise<Catalogue> {
  if (locale === 'en') return (await import('../../contracts/i18n/en.ts')).en;
  return (
    (await import(new URL(`../../widget/i18n/locales/${locale}.ts`, import.meta.url).href)) as { default: Catalogue }
  ).default;
}

const names = async (locale: string, unread: number): Promise<string> => {
  await setLocale(locale);
  return launcherNames(unread).open;
};

test('the loader has one entry per widget locale, the catalogue’s own "Open chat" and "Close chat"', async () => {
  assert.deepEqual(Object.keys(LAUNCHER_STRINGS).sort(), [...LOCALES].sort());
  for (const locale of LOCALES) {
    const strings = await catalogue(locale);
    assert.equal(launcherName(locale, false), strings.openChat, locale);
    assert.equal(launcherName(locale, true), strings.closeChat, locale);
  }
});

test('the English names stay as they were, with the plural corrected', async () => {
  assert.equal(await names('en', 0), 'Open chat');
  assert.equal(await names('en', 1), 'Open chat, 1 unread message');
  assert.equal(await names('en', 2), 'Open chat, 2 unread messages');
  assert.equal(launcherNames(5).close, 'Close chat');
  // The tab's flashing title: for unread messages only.
  assert.equal(launcherNames(2).title, '(2) New messages');
  assert.equal(launcherNames(0).title, '');
});

test('the unread count follows CLDR plurals: Polish, Arabic, Hebrew, Japanese', async () => {
  assert.equal(await names('pl', 1), 'Otwórz czat, 1 nieprzeczytana wiadomość');
  assert.equal(await names('pl', 3), 'Otwórz czat, 3 nieprzeczytane wiadomości');
  assert.equal(await names('pl', 5), 'Otwórz czat, 5 nieprzeczytanych wiadomości');
  assert.equal(await names('ar', 2), 'فتح الدردشة، رسالتان غير مقروءتين');
  assert.match(await names('ar', 3), /^فتح الدردشة، \S*3\S* رسائل غير مقروءة$/u);
  assert.match(await names('ar', 11), /^فتح الدردشة، \S*11\S* رسالة غير مقروءة$/u);
  assert.equal(await names('he', 1), 'פתיחת הצ׳אט, הודעה אחת שלא נקראה');
  assert.match(await names('ja', 4), /^チャットを開く、未読メッセージ \S*4\S*件$/u);
  await setLocale('en');
});

test('the language: the first tag we ship; prototype names are not languages', () => {
  assert.equal(launcherLanguage(['ko-KR', 'pt-BR', 'de']), 'pt');
  assert.equal(launcherLanguage(['zh-Hant-TW']), 'zh');
  assert.equal(launcherLanguage(['de_AT']), 'de');
  assert.equal(launcherLanguage(['constructor', '__proto__', 'toString', 'hasOwnProperty']), undefined);
  assert.equal(launcherLanguage([]), undefined);
});
