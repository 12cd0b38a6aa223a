/**
 * What the widget's first paint needs of the string rules (./rules.ts, which re-exports these):
 * the shipped locales, and the shape of a label given per locale. No catalogue is imported here,
 * so importing this keeps the English strings out of the first paint (contracts/i18n/en.ts says why).
 */
import type { Locale } from './define.ts';

export const LOCALES: readonly Locale[] = [
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'nl',
  'pl',
  'sv',
  'tr',
  'ja',
  'zh',
  'ar',
  'he',
];

const LOCALE_SET: ReadonlySet<string> = new Set(LOCALES);

export function isLocale(value: string): value is Locale {
  return LOCALE_SET.has(value);
}

/** A form label: a string, or per locale `{ "en": "Order number", "de": "Bestellnummer" }`. */
export type LocalizedText = string | Record<string, string>;

/**
 * The shape of a form label: a non-empty string or an object of texts. Its locales and texts are
 * checked by the server (labelProblem, in words); the widget keeps its first paint small.
 */
export function isLocalizedText(label: unknown): label is LocalizedText {
  return typeof label === 'string' ? label.trim() !== '' : typeof label === 'object' && label !== null;
}
