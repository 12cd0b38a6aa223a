/**
 * The type-level contract of a translated catalogue, so that `tsc` (and with it `npm test`)
 * fails when a catalogue misses a key, adds one, has a placeholder English does not have (or
 * lacks one it has), or lacks or adds a plural form for its locale's CLDR plural categories.
 * Each locale file is `const de = { … } as const; export default de satisfies
 * CheckedCatalogue<'de', typeof de>;` (types only: nothing of this file reaches the bundle). test/widget/i18n-catalogues.test.ts checks the same at run time, and that
 * PLURAL_CATEGORIES agrees with Intl.PluralRules.
 */
import type { en, PluralCategory, PluralKey, StringKey } from './en.ts';

/** CLDR plural categories per shipped locale (as Intl.PluralRules reports them). */
export interface PluralCategories {
  en: 'one' | 'other';
  de: 'one' | 'other';
  fr: 'one' | 'many' | 'other';
  es: 'one' | 'many' | 'other';
  it: 'one' | 'many' | 'other';
  pt: 'one' | 'many' | 'other';
  nl: 'one' | 'other';
  pl: 'one' | 'few' | 'many' | 'other';
  sv: 'one' | 'other';
  tr: 'one' | 'other';
  ja: 'other';
  zh: 'other';
  ar: 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
  he: 'one' | 'two' | 'other';
}
export type Locale = keyof PluralCategories;

/** The `{name}` placeholders of a template, as a union of names. */
export type Holes<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Holes<Rest> : never;
type HolesOf<V> = V extends string ? Holes<V> : { [C in keyof V]: Holes<V[C]> }[keyof V];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type English = typeof en;

/** What a catalogue for locale L must look like, given its literal type C. */
export type CheckedCatalogue<L extends Locale, C> = {
  readonly [K in StringKey]: K extends keyof C
    ? Same<HolesOf<C[K]>, HolesOf<English[K]>> extends true
      ? K extends PluralKey
        ? Readonly<Record<PluralCategories[L], string>>
        : string
      : `placeholders of "${K}" must be exactly English's: ${HolesOf<English[K]> & string}`
    : K extends PluralKey
      ? Readonly<Record<PluralCategories[L], string>>
      : string;
} & { readonly [K in Exclude<keyof C, StringKey>]: `"${K & string}" is not a key of the English catalogue` };

export type { PluralCategory };
