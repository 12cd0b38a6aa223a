/**
 * The rules every catalogue and every site-owner override (WIDGET_STRINGS) follows, as plain
 * functions without dependencies: shared by the server (which refuses to start on a bad
 * WIDGET_STRINGS or a bad per-locale form label), the widget and the tests.
 */
import { en, type Plural, type PluralCategory, type StringKey } from './en.ts';
import type { Locale } from './define.ts';
import { isLocale, LOCALES } from './basics.ts';

export { isLocale, isLocalizedText, LOCALES, type LocalizedText } from './basics.ts';

/** CLDR plural categories per locale, as Intl.PluralRules reports them (checked by a test). */
export const PLURAL_CATEGORIES: Readonly<Record<Locale, readonly PluralCategory[]>> = {
  en: ['one', 'other'],
  de: ['one', 'other'],
  fr: ['one', 'many', 'other'],
  es: ['one', 'many', 'other'],
  it: ['one', 'many', 'other'],
  pt: ['one', 'many', 'other'],
  nl: ['one', 'other'],
  pl: ['one', 'few', 'many', 'other'],
  sv: ['one', 'other'],
  tr: ['one', 'other'],
  ja: ['other'],
  zh: ['other'],
  ar: ['zero', 'one', 'two', 'few', 'many', 'other'],
  he: ['one', 'two', 'other'],
};

export function isStringKey(value: string): value is StringKey {
  return Object.hasOwn(en, value);
}

/** The `{name}` placeholders of a template or of every form of a plural entry, sorted, unique. */
export function placeholders(entry: unknown): string[] {
  const texts =
    typeof entry === 'string' ? [entry] : typeof entry === 'object' && entry !== null ? Object.values(entry) : [];
  const names = new Set<string>();
  for (const text of texts)
    if (typeof text === 'string') for (const m of text.matchAll(/\{(\w+)\}/g)) names.add(m[1] ?? '');
  return [...names].sort();
}

/** Problems of one entry for `key` in `locale` (catalogue or override), as sentences. */
export function entryProblems(
  locale: Locale,
  key: StringKey,
  entry: unknown,
  { partialPlurals = false } = {},
): string[] {
  const english = en[key];
  const where = `"${locale}"."${key}"`;
  const problems: string[] = [];
  if (typeof english === 'string') {
    if (typeof entry !== 'string') return [`${where} must be a string.`];
  } else {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return [`${where} is a plural: an object with the forms ${PLURAL_CATEGORIES[locale].join(', ')}.`];
    }
    const allowed = PLURAL_CATEGORIES[locale];
    const forms = Object.keys(entry);
    const extra = forms.filter((f) => !(allowed as readonly string[]).includes(f));
    const missing = partialPlurals
      ? forms.includes('other')
        ? []
        : ['other']
      : allowed.filter((c) => !forms.includes(c));
    if (extra.length)
      problems.push(
        `${where} has plural forms ${locale} does not use: ${extra.join(', ')} (it uses ${allowed.join(', ')}).`,
      );
    if (missing.length) problems.push(`${where} lacks the plural forms ${missing.join(', ')}.`);
    if (Object.values(entry).some((v) => typeof v !== 'string'))
      problems.push(`${where}: every plural form must be a string.`);
  }
  const expected = placeholders(english);
  const got = placeholders(entry);
  if (expected.join() !== got.join()) {
    problems.push(
      `${where} must use the placeholders of English (${expected.map((p) => `{${p}}`).join(' ') || 'none'}), not ${got.map((p) => `{${p}}`).join(' ') || 'none'}.`,
    );
  }
  return problems;
}

/** Site-owner wording: `{ "<locale>": { "<key>": text or plural forms } }`. */
export type WidgetStrings = Record<string, Record<string, string | Plural> | undefined>;

/**
 * Validates WIDGET_STRINGS (already parsed JSON): unknown locales and keys are named, placeholders
 * must be English's, plural entries use the locale's forms (at least `other`).
 */
export function widgetStringsProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['must be a JSON object { "<locale>": { "<key>": "<text>" } }.'];
  }
  const problems: string[] = [];
  const unknownLocales = Object.keys(value).filter((l) => !isLocale(l));
  if (unknownLocales.length)
    problems.push(`has unknown locales: ${unknownLocales.join(', ')} (known: ${LOCALES.join(', ')}).`);
  for (const [locale, entries] of Object.entries(value as Record<string, unknown>)) {
    if (!isLocale(locale)) continue;
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      problems.push(`"${locale}" must be an object of keys and texts.`);
      continue;
    }
    const unknownKeys = Object.keys(entries).filter((k) => !isStringKey(k));
    if (unknownKeys.length)
      problems.push(
        `"${locale}" has unknown keys: ${unknownKeys.join(', ')} (see the table of keys in docs/widget.md).`,
      );
    for (const [key, entry] of Object.entries(entries)) {
      if (isStringKey(key)) problems.push(...entryProblems(locale, key, entry, { partialPlurals: true }));
    }
  }
  return problems;
}

/** Undefined when the label is valid, else a sentence to follow the field's name. */
export function labelProblem(label: unknown): string | undefined {
  if (typeof label === 'string') return label.trim() === '' ? 'needs a "label".' : undefined;
  if (typeof label !== 'object' || label === null || Array.isArray(label) || Object.keys(label).length === 0) {
    return 'needs a "label": a string or an object of texts per locale, e.g. { "en": "Order number", "de": "Bestellnummer" }.';
  }
  const unknown = Object.keys(label).filter((l) => !isLocale(l));
  if (unknown.length) return `has a label in unknown locales: ${unknown.join(', ')} (known: ${LOCALES.join(', ')}).`;
  if (Object.values(label).some((v) => typeof v !== 'string' || v.trim() === ''))
    return 'has an empty or non-string label text.';
  return undefined;
}
