/**
 * The widget's strings: `t(key, params)` over the active catalogue, the locale choice (BCP 47
 * matching onto the shipped locales), the site owner's overrides (WIDGET_STRINGS) and the
 * document's `lang` / `dir`. English is part of the first paint; every other catalogue is its own
 * lazy chunk, loaded only when chosen. The active locale is a signal: components that call `t()`
 * re-render in place when it changes (setLocale at any time, no reload).
 */
import { signal } from '@preact/signals';
import type { Catalogue, Plural, StringKey } from '../../contracts/i18n/en.ts';
import { enFirstPaint } from '../../contracts/i18n/en-first-paint.ts';
import type { Locale } from '../../contracts/i18n/define.ts';
import { isolate, RTL_LOCALES } from './bidi.ts';
import { cached } from './intl-cache.ts';
import { isLocale, LOCALES } from '../../contracts/i18n/basics.ts';
import type { WidgetStrings } from '../../contracts/i18n/rules.ts';

export type { Locale };
export { LOCALES };

/** Each catalogue is its own chunk (rollup names them `locale-xx`); never all of them at once. */
const loaders: Readonly<Record<Exclude<Locale, 'en'>, () => Promise<{ default: Catalogue }>>> = {
  de: () => import('./locales/de.ts'),
  fr: () => import('./locales/fr.ts'),
  es: () => import('./locales/es.ts'),
  it: () => import('./locales/it.ts'),
  pt: () => import('./locales/pt.ts'),
  nl: () => import('./locales/nl.ts'),
  pl: () => import('./locales/pl.ts'),
  sv: () => import('./locales/sv.ts'),
  tr: () => import('./locales/tr.ts'),
  ja: () => import('./locales/ja.ts'),
  zh: () => import('./locales/zh.ts'),
  ar: () => import('./locales/ar.ts'),
  he: () => import('./locales/he.ts'),
};

/**
 * A canonical tag's language and script subtags (`zh-Hant-TW` → zh, Hant), read from the text: in
 * canonical form the language comes first and a script is the next subtag, four letters, title-cased.
 * (Not `new Intl.Locale`: the first Intl object a page builds costs its ICU set-up, ~15 ms of main
 * thread, ~60 ms at 4× CPU throttle — too much for the form's first paint.)
 */
function subtags(canonical: string): { language: string; script?: string } {
  const [language = '', second] = canonical.split('-');
  return second && /^[A-Z][a-z]{3}$/.test(second) ? { language, script: second } : { language };
}

/** The shipped locale a BCP 47 tag maps to (de-AT → de, pt-BR → pt, zh-Hant-TW → zh), or undefined. */
export function matchLocale(tag: string): Locale | undefined {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined; // not a well-formed tag ('__proto__', 'constructor', '', 'en_US!')
  }
  if (!canonical) return undefined;
  const { language, script } = subtags(canonical);
  for (const candidate of [canonical, script ? `${language}-${script}` : '', language]) {
    if (isLocale(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Shipped languages written in another script in some regions (zh-TW, zh-HK: Traditional): only
 * for these does a tag without a script subtag need its likely script looked up.
 */
const SCRIPT_BY_REGION: ReadonlySet<string> = new Set(['zh']);

/**
 * The tag used for Intl formats: the requested one (de-AT keeps Austrian dates) unless it is
 * written in another script than the catalogue (zh-Hant-TW shown with the Simplified catalogue).
 */
function formatTag(locale: Locale, requested: string): string {
  try {
    const canonical = Intl.getCanonicalLocales(requested)[0];
    if (!canonical) return locale;
    const { language, script } = subtags(canonical);
    // de-AT, pt-BR, en-US: the catalogue's script, without Intl.Locale's likely-subtags data.
    if (!script && !SCRIPT_BY_REGION.has(language)) return canonical;
    return new Intl.Locale(canonical).maximize().script === new Intl.Locale(locale).maximize().script
      ? canonical
      : locale;
  } catch {
    return locale;
  }
}

export interface ResolvedLocale {
  locale: Locale;
  /** For Intl (dates, numbers, plurals) and `<html lang>`. */
  tag: string;
  dir: 'ltr' | 'rtl';
  /** Set when nothing matched (English is used): what was asked for. */
  unmatched?: string;
}

/** An explicit tag (data-locale, setLocale) wins; else the browser's languages in order; else English. */
export function resolveLocale(explicit: string | undefined, browser: readonly string[] = []): ResolvedLocale {
  const candidates = explicit ? [explicit] : browser;
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const locale = matchLocale(candidate);
    if (locale) return { locale, tag: formatTag(locale, candidate), dir: RTL_LOCALES.has(locale) ? 'rtl' : 'ltr' };
  }
  const resolved: ResolvedLocale = { locale: 'en', tag: 'en', dir: 'ltr' };
  if (candidates.length > 0) resolved.unmatched = candidates.join(', ');
  return resolved;
}

/** A catalogue as the widget holds it: English gets its chat view strings when that view loads. */
type Strings = Partial<Catalogue>;

/** English as loaded so far: the fallback of every catalogue. */
let english: Strings = enFirstPaint;

interface Active extends ResolvedLocale {
  catalogue: Strings;
}

function activate(resolved: ResolvedLocale, catalogue: Strings): Active {
  return { ...resolved, catalogue };
}

/** Plural rules and number formats per tag, built on first use (intl-cache.ts): the form's strings need neither. */
const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

const active = signal<Active>(activate({ locale: 'en', tag: 'en', dir: 'ltr' }, english));
const loaded = new Map<Locale, Strings>([['en', english]]);
let overrides: WidgetStrings | undefined;
let request = 0;
const warned = new Set<string>();

/** The site owner's wording (from the widget's config, validated by the server); applies at once. */
export function setStringOverrides(strings: WidgetStrings | undefined): void {
  overrides = strings;
  const current = active.value;
  active.value = activate(current, withOverrides(current.locale, loaded.get(current.locale) ?? english));
}

/** English strings of a view loaded later (the chat view's); shown at once when English is active. */
export function addEnglish(strings: Strings): void {
  english = { ...english, ...strings };
  loaded.set('en', english);
  const current = active.value;
  if (current.locale === 'en') active.value = activate(current, withOverrides('en', english));
}

function withOverrides(locale: Locale, catalogue: Strings): Strings {
  const own = overrides && Object.hasOwn(overrides, locale) ? overrides[locale] : undefined;
  return own ? { ...catalogue, ...own } : catalogue;
}

async function catalogueFor(locale: Locale): Promise<Strings> {
  const cached = loaded.get(locale);
  if (cached) return cached;
  const catalogue = locale === 'en' ? english : (await loaders[locale]()).default;
  loaded.set(locale, catalogue);
  return catalogue;
}

/**
 * Chooses the locale (an explicit tag, else `browser`, the browser's languages) and switches the
 * widget to it once its catalogue is loaded: the last call wins. Never throws: an unknown or
 * invalid tag means English, with one console warning.
 */
export async function setLocale(
  tag: string | undefined,
  browser: readonly string[] = defaultLanguages(),
): Promise<ResolvedLocale> {
  const resolved = resolveLocale(tag, browser);
  const mine = ++request;
  if (resolved.unmatched !== undefined && !warned.has(resolved.unmatched)) {
    warned.add(resolved.unmatched);
    console.warn(`flex-webchat: no translation for "${resolved.unmatched}", using English`);
  }
  let catalogue: Strings;
  try {
    catalogue = await catalogueFor(resolved.locale);
  } catch {
    return active.value; // the chunk failed to load (offline): keep what is shown
  }
  if (mine !== request) return resolved;
  active.value = activate(resolved, withOverrides(resolved.locale, catalogue));
  if (typeof document !== 'undefined') {
    document.documentElement.lang = resolved.tag;
    document.documentElement.dir = resolved.dir;
  }
  return resolved;
}

function defaultLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages; // every supported browser has languages
}

/** The locale tag used for dates and numbers. */
export function locale(): string {
  return active.value.tag;
}

/** The shipped locale whose strings are shown. */
export function currentLocale(): Locale {
  return active.value.locale;
}

export function direction(): 'ltr' | 'rtl' {
  return active.value.dir;
}

export type Params = Record<string, string | number>;

function fill(template: string, params: Params | undefined, current: Active): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    const text =
      typeof value === 'number'
        ? cached(numberFormats, current.tag, () => new Intl.NumberFormat(current.tag)).format(value)
        : String(value);
    // In right-to-left text a name, number, file name or address is isolated so it reads in its own direction.
    return current.dir === 'rtl' ? isolate(text) : text;
  });
}

/** A plural entry's form for a count, by the locale's CLDR plural rules. */
export function pluralForm(entry: Plural, count: number, rules: Intl.PluralRules): string {
  return entry[rules.select(count)] ?? entry.other;
}

export function t(key: StringKey, params?: Params): string {
  const current = active.value;
  // English is the fallback; a chat view string asked for before that view loaded is blank.
  const entry: string | Plural | undefined = current.catalogue[key] ?? english[key];
  if (entry === undefined) return '';
  if (typeof entry === 'string') return fill(entry, params, current);
  // The plural form follows the first number among the parameters ({count}, {seconds}).
  const count = params ? Object.values(params).find((v): v is number => typeof v === 'number') : undefined;
  const rules = cached(pluralRules, current.tag, () => new Intl.PluralRules(current.tag));
  return fill(pluralForm(entry, count ?? 0, rules), params, current);
}

/** A label given as text or per locale ({ "en": "Order number", "de": "Bestellnummer" }). */
export function localized(text: string | Readonly<Record<string, string | undefined>>): string {
  if (typeof text === 'string') return text;
  const current = active.value;
  for (const key of [current.tag, current.locale, 'en'])
    if (Object.hasOwn(text, key) && text[key]) return text[key] ?? '';
  return Object.values(text).find((v) => typeof v === 'string') ?? '';
}
