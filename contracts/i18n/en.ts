/**
 * Every English string of the widget UI, keyed: the source catalogue every other locale
 * (widget/i18n/locales/*.ts) must match key for key, placeholder for placeholder. `{name}`-style
 * placeholders are filled by `t()`; plural entries have one form per CLDR plural category of the
 * locale (English: `one` / `other`), chosen with Intl.PluralRules on the first number among the
 * parameters. docs/widget.md's table of keys is generated from this file (`npm run docs:strings`).
 *
 * Two parts, one catalogue: what the first paint can show (`enFirstPaint`, ./en-first-paint.ts:
 * launcher, form, states, the ended view's first words) and what only the chat view shows
 * (`enChatView`, ./en-chat-view.ts), each a module of its own so the widget's build keeps the
 * second out of the first paint and loads it with that view (widget/i18n/chat-view-strings.ts).
 * The widget imports only types from this file (a value import would pull both parts in).
 * Translations are whole catalogues (`en`'s keys), each a lazy chunk of its own.
 */
import { enChatView } from './en-chat-view.ts';
import { enFirstPaint } from './en-first-paint.ts';

export const en = { ...enFirstPaint, ...enChatView } as const;
export { enFirstPaint, enChatView };

export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
/** A plural entry: one form per plural category of its locale (`other` always). */
export type Plural = Readonly<Partial<Record<PluralCategory, string>>> & { readonly other: string };
export type StringKey = keyof typeof en;
/** Keys whose English entry is a plural. */
export type PluralKey = { [K in StringKey]: (typeof en)[K] extends string ? never : K }[StringKey];
export type Catalogue = { readonly [K in StringKey]: K extends PluralKey ? Plural : string };
