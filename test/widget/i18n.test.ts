import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { formatBytes as formatSize } from '../../widget/chat/files.ts';
import { dayLabel, timeLabel } from '../../widget/chat/timeline.ts';
import { en, type Catalogue, type StringKey } from '../../contracts/i18n/en.ts';
// The chat view's English strings, which the widget adds when that view loads.
import '../../widget/i18n/chat-view-strings.ts';
import {
  LOCALES,
  localized,
  matchLocale,
  resolveLocale,
  setLocale,
  setStringOverrides,
  t,
  locale,
} from '../../widget/i18n/index.ts';
import {
  entryProblems,
  labelProblem,
  PLURAL_CATEGORIES,
  placeholders,
  widgetStringsProblems,
} from '../../contracts/i18n/rules.ts';

const localesDir = new URL('../../widget/i18n/locales/', import.meta.url);

async function catalogue(locale: string): Promise<Catalogue> {
  return locale === 'en'
    ? en
    : ((await import(new URL(`${locale}.ts`, localesDir).href)) as { default: Catalogue }).default;
}

describe('catalogues', () => {
  test('one file per shipped locale, and nothing else', () => {
    const files = readdirSync(localesDir)
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    assert.deepEqual(files, LOCALES.filter((l) => l !== 'en').sort());
  });

  test('the plural categories we declare are those of Intl.PluralRules', () => {
    for (const locale of LOCALES) {
      const intl = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      assert.deepEqual([...PLURAL_CATEGORIES[locale]].sort(), [...intl].sort(), locale);
    }
  });

  for (const locale of LOCALES) {
    test(`${locale}: exactly the English keys, English placeholders, every plural form of ${locale}`, async () => {
      const c = await catalogue(locale);
      assert.deepEqual(Object.keys(c).sort(), Object.keys(en).sort());
      const problems = (Object.keys(en) as StringKey[]).flatMap((key) => entryProblems(locale, key, c[key]));
      assert.deepEqual(problems, []);
      for (const [key, entry] of Object.entries(c)) {
        for (const text of typeof entry === 'string' ? [entry] : Object.values(entry)) {
          assert.ok(typeof text === 'string' && text.trim() !== '', `${locale}.${key} is empty`);
        }
      }
    });
  }

  test('the checks catch a missing key, a wrong placeholder, a missing or foreign plural form', () => {
    assert.deepEqual(entryProblems('de', 'fieldRequired', '{labl} ist Pflicht.').length, 1);
    assert.equal(entryProblems('pl', 'jumpToNew', { one: '{count} a', other: '{count} b' }).length, 1); // few, many missing
    assert.equal(
      entryProblems('de', 'jumpToNew', { one: '{count} a', few: '{count} c', other: '{count} b' }).length,
      1,
    );
    assert.deepEqual(placeholders({ one: 'a {x}', other: '{x} {y}' }), ['x', 'y']);
  });
});

describe('locale matching (BCP 47)', () => {
  test('regions and scripts fall back to the language we ship', () => {
    assert.equal(matchLocale('de-AT'), 'de');
    assert.equal(matchLocale('pt-BR'), 'pt');
    assert.equal(matchLocale('zh-Hant-TW'), 'zh');
    assert.equal(matchLocale('ZH-hans-cn'), 'zh');
    assert.equal(matchLocale('iw'), 'he'); // the old code for Hebrew, canonicalised
    assert.equal(matchLocale('en-GB'), 'en');
    assert.equal(matchLocale('ar-EG-u-nu-latn'), 'ar');
  });

  test('unknown and invalid tags match nothing, and never throw', () => {
    for (const tag of [
      'ko',
      'x',
      '',
      'en_US!',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '💥',
      'de-',
      'a'.repeat(300),
    ]) {
      assert.equal(matchLocale(tag), undefined, tag);
    }
  });

  test('an explicit tag wins; else the first browser language we ship; else English', () => {
    assert.deepEqual(resolveLocale('fr', ['de']), { locale: 'fr', tag: 'fr', dir: 'ltr' });
    assert.deepEqual(resolveLocale(undefined, ['ko-KR', 'de-AT', 'fr']), { locale: 'de', tag: 'de-AT', dir: 'ltr' });
    assert.deepEqual(resolveLocale(undefined, ['ar-SA']), { locale: 'ar', tag: 'ar-SA', dir: 'rtl' });
    assert.deepEqual(resolveLocale('he-IL'), { locale: 'he', tag: 'he-IL', dir: 'rtl' });
    // Traditional Chinese is shown with the Simplified catalogue, and formatted to match it.
    assert.deepEqual(resolveLocale('zh-Hant-TW'), { locale: 'zh', tag: 'zh', dir: 'ltr' });
    // … also when only the region says so; a Simplified region keeps its own formats.
    assert.deepEqual(resolveLocale('zh-TW'), { locale: 'zh', tag: 'zh', dir: 'ltr' });
    assert.deepEqual(resolveLocale('zh-HK'), { locale: 'zh', tag: 'zh', dir: 'ltr' });
    assert.deepEqual(resolveLocale('zh-SG'), { locale: 'zh', tag: 'zh-SG', dir: 'ltr' });
    assert.deepEqual(resolveLocale('en-Latn-GB'), { locale: 'en', tag: 'en-Latn-GB', dir: 'ltr' });
    assert.deepEqual(resolveLocale('ko', ['de']), { locale: 'en', tag: 'en', dir: 'ltr', unmatched: 'ko' });
    assert.deepEqual(resolveLocale('__proto__'), { locale: 'en', tag: 'en', dir: 'ltr', unmatched: '__proto__' });
  });

  test('choosing the locale and the form’s strings build no Intl object (the first costs a fresh frame its ICU set-up)', async () => {
    const built: string[] = [];
    const originals = { Locale: Intl.Locale, NumberFormat: Intl.NumberFormat, PluralRules: Intl.PluralRules };
    for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
      const Original = originals[name];
      Object.defineProperty(Intl, name, {
        configurable: true,
        writable: true,
        value: new Proxy(Original, {
          construct(target, args: unknown[]) {
            built.push(name);
            return Reflect.construct(target, args) as object;
          },
        }),
      });
    }
    try {
      for (const tag of ['en-US', 'de-AT', 'pt-BR', 'ar-EG', 'ja']) await setLocale(tag);
      await setLocale('en-US');
      t('startChat');
      t('formTitle');
      assert.deepEqual(built, []);
      // A count needs the plural rules and a number format: built then, once per tag.
      t('titleNewMessages', { count: 2 });
      t('titleNewMessages', { count: 3 });
      assert.deepEqual(built.sort(), ['NumberFormat', 'PluralRules']);
    } finally {
      Object.assign(Intl, originals);
    }
  });

  test('setLocale switches t(), warns once for an unknown tag, survives invalid ones', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => void warnings.push(message);
    try {
      await setLocale('de-AT');
      assert.equal(t('startChat'), 'Chat starten');
      assert.equal(locale(), 'de-AT');
      await setLocale('ko');
      await setLocale('ko');
      assert.equal(t('startChat'), 'Start chat');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', /"ko".*English/);
      for (const bad of ['constructor', '__proto__', 'toString']) await setLocale(bad);
      assert.equal(t('startChat'), 'Start chat');
      // The last call wins even when an earlier one loads later.
      const slow = setLocale('ja');
      await setLocale('fr');
      await slow;
      assert.equal(t('startChat'), 'Démarrer le chat');
    } finally {
      console.warn = warn;
      await setLocale('en');
    }
  });
});

describe('formats', () => {
  test('plurals follow each locale’s CLDR rules', async () => {
    await setLocale('en');
    assert.equal(t('jumpToNew', { count: 1 }), '1 new message');
    assert.equal(t('jumpToNew', { count: 2 }), '2 new messages');
    assert.equal(t('rateLimited', { seconds: 1 }), 'Too many attempts. Please wait 1 second and try again.');
    assert.equal(t('rateLimited', { seconds: 30 }), 'Too many attempts. Please wait 30 seconds and try again.');
    assert.equal(t('charactersLeft', { count: 1 }), '1 character left');
    await setLocale('pl');
    assert.deepEqual(
      [1, 2, 5, 22, 25].map((count) => t('jumpToNew', { count })),
      ['1 nowa wiadomość', '2 nowe wiadomości', '5 nowych wiadomości', '22 nowe wiadomości', '25 nowych wiadomości'],
    );
    await setLocale('ar');
    const iso = (s: string) => s.replace(/[\u2068\u2069]/g, '');
    assert.deepEqual(
      [0, 1, 2, 3, 11, 100].map((count) => iso(t('jumpToNew', { count }))),
      [
        'لا توجد رسائل جديدة',
        'رسالة جديدة واحدة',
        'رسالتان جديدتان',
        `${new Intl.NumberFormat('ar').format(3)} رسائل جديدة`,
        `${new Intl.NumberFormat('ar').format(11)} رسالة جديدة`,
        `${new Intl.NumberFormat('ar').format(100)} رسالة جديدة`,
      ],
    );
    // In right-to-left text, values are bidi-isolated.
    assert.equal(t('removeAttachment', { file: 'invoice.pdf' }), 'إزالة \u2068invoice.pdf\u2069');
    await setLocale('en');
  });

  test('numbers inside strings use the locale’s digits and separators', async () => {
    await setLocale('de');
    assert.equal(t('charactersLeft', { count: 1500 }), 'Noch 1.500 Zeichen');
    await setLocale('en');
    assert.equal(t('charactersLeft', { count: 1500 }), '1,500 characters left');
  });

  test('file sizes: bytes spelled out and plural-correct, larger units short', () => {
    const formatBytes = (bytes: number, locale: string) => formatSize(bytes, locale).replace(/[\u00a0\u202f]/g, ' ');
    assert.equal(formatBytes(125, 'en'), '125 bytes');
    assert.equal(formatBytes(1, 'en'), '1 byte');
    assert.equal(formatBytes(1.2 * 1024 * 1024, 'en'), '1.2 MB');
    assert.equal(formatBytes(125, 'fr'), '125 octets');
    assert.equal(formatBytes(1.2 * 1024 * 1024, 'de'), '1,2 MB');
    assert.equal(formatBytes(125, 'pl'), '125 bajtów');
  });

  test('times and day separators from Intl', () => {
    const now = new Date(2026, 4, 20, 15, 0).getTime();
    const time = new Date(2026, 4, 20, 7, 25).getTime();
    assert.equal(timeLabel(time, 'de'), '7:25');
    assert.equal(timeLabel(time, 'en').replace('\u202f', ' '), '7:25 AM');
    assert.equal(
      dayLabel(new Date(2026, 4, 12).getTime(), now, 'de', { today: 'Heute', yesterday: 'Gestern' }),
      'Dienstag, 12. Mai',
    );
    assert.equal(
      dayLabel(new Date(2026, 4, 12).getTime(), now, 'ja', { today: '今日', yesterday: '昨日' }),
      '5月12日火曜日',
    );
  });
});

describe('site-owner wording (WIDGET_STRINGS)', () => {
  test('valid overrides pass; unknown locales and keys, wrong placeholders and plural forms are named', () => {
    assert.deepEqual(
      widgetStringsProblems({ en: { formTitle: 'Talk to Acme' }, de: { jumpToNew: { other: '{count} neu' } } }),
      [],
    );
    const problems = widgetStringsProblems({
      xx: {},
      de: { nope: 'x', fieldRequired: 'Pflicht', jumpToNew: { few: '{count}' } },
    });
    assert.match(problems.join('\n'), /unknown locales: xx/);
    assert.match(problems.join('\n'), /unknown keys: nope/);
    assert.match(problems.join('\n'), /"de"."fieldRequired" must use the placeholders of English \(\{label\}\)/);
    assert.match(problems.join('\n'), /"de"."jumpToNew" has plural forms de does not use: few/);
    assert.deepEqual(widgetStringsProblems([]), ['must be a JSON object { "<locale>": { "<key>": "<text>" } }.']);
    assert.deepEqual(widgetStringsProblems({ constructor: {} }), [
      'has unknown locales: constructor (known: en, de, fr, es, it, pt, nl, pl, sv, tr, ja, zh, ar, he).',
    ]);
  });

  test('overrides replace the catalogue’s text in their locale only', async () => {
    setStringOverrides({ de: { startChat: 'Los geht’s' } });
    await setLocale('de');
    assert.equal(t('startChat'), 'Los geht’s');
    await setLocale('fr');
    assert.equal(t('startChat'), 'Démarrer le chat');
    setStringOverrides(undefined);
    await setLocale('en');
  });

  test('a per-locale form label shows in the active locale, else in English', async () => {
    const label = { en: 'Order number', de: 'Bestellnummer' };
    await setLocale('de-CH');
    assert.equal(localized(label), 'Bestellnummer');
    await setLocale('fr');
    assert.equal(localized(label), 'Order number');
    assert.equal(localized('Plain'), 'Plain');
    await setLocale('en');
  });

  test('form labels: a string or per-locale texts', () => {
    assert.equal(labelProblem('Order number'), undefined);
    assert.equal(labelProblem({ en: 'Order number', de: 'Bestellnummer' }), undefined);
    assert.match(labelProblem({ en: 'Order number', xx: 'x' }) ?? '', /unknown locales: xx/);
    assert.match(labelProblem({}) ?? '', /needs a "label"/);
  });
});
