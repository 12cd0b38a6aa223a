/** The widget's string lookup: `t(key, params)` over the active catalogue (English for now). */
import { en, type Catalogue, type StringKey } from './en.ts';

const catalogues: Record<string, Catalogue> = { en };
let active: Catalogue = en;
let pluralRules = new Intl.PluralRules('en');
let activeLocale = 'en';

/** Picks the catalogue for a BCP 47 tag (falls back to the language, then English). */
export function setLocale(tag: string): void {
  const language = tag.toLowerCase().split('-')[0] ?? 'en';
  const chosen = catalogues[tag.toLowerCase()] ? tag.toLowerCase() : catalogues[language] ? language : 'en';
  active = catalogues[chosen] ?? en;
  activeLocale = chosen === 'en' && language !== 'en' ? 'en' : tag;
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
