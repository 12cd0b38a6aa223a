/** The widget's string lookup: `t(key, params)` over the active catalogue (English for now). */
import { en, type Catalogue, type StringKey } from './en.ts';

const catalogues: Record<string, Catalogue> = { en };
let active: Catalogue = en;
let pluralRules = new Intl.PluralRules('en');
let activeLocale = 'en';

/** The tag in its canonical form, or undefined when it is no BCP 47 language tag. */
function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * Picks the catalogue for a BCP 47 tag (falls back to the language, then English). A tag with no
 * strings of its own, or a value that is no language tag (a prototype member's name, free text),
 * gives English and one warning.
 */
export function setLocale(tag: string): void {
  const valid = canonicalTag(tag);
  const exact = valid?.toLowerCase();
  const language = exact?.split('-')[0];
  const chosen =
    exact && Object.hasOwn(catalogues, exact)
      ? exact
      : language && Object.hasOwn(catalogues, language)
        ? language
        : 'en';
  if (chosen === 'en' && language !== 'en')
    console.warn(`FlexWebchat: no strings for "${tag}"; the chat is in English.`);
  active = catalogues[chosen] ?? en;
  activeLocale = valid && (chosen !== 'en' || language === 'en') ? valid : 'en';
  pluralRules = new Intl.PluralRules(chosen);
}

/** The locale used for dates and numbers (the requested one, as long as its strings exist). */
export function locale(): string {
  return activeLocale;
}

export type Params = Record<string, string | number>;

function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function t(key: StringKey, params?: Params): string {
  const entry = active[key] ?? en[key];
  if (typeof entry === 'string') return fill(entry, params);
  const count = Number(params?.count ?? 0);
  const form = pluralRules.select(count) === 'one' ? entry.one : entry.other;
  return fill(form, params);
}
