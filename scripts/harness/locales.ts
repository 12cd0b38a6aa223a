/**
 * The visitor's steps in any of the widget's locales (by the catalogue's strings, not English),
 * and a check that no English is left in the widget's visible UI. Used by test/e2e/locales*.test.ts
 * and by `npm run screenshot` (the contact sheet of all locales).
 */
import type { FrameLocator, Page } from 'playwright-core';
import { launcherName } from '../../loader/launcher-strings.ts';
import { en, type Catalogue } from '../../contracts/i18n/en.ts';
import { LOCALES } from '../../contracts/i18n/rules.ts';
import { widget } from './visitor.ts';

export { LOCALES };

/** A browser language per locale (regional tags, to exercise the matching). */
export const BROWSER_LANGUAGE: Record<string, string> = {
  en: 'en-US',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  it: 'it-IT',
  pt: 'pt-BR',
  nl: 'nl-NL',
  pl: 'pl-PL',
  sv: 'sv-SE',
  tr: 'tr-TR',
  ja: 'ja-JP',
  zh: 'zh-CN',
  ar: 'ar-EG',
  he: 'he-IL',
};

export async function catalogueOf(locale: string): Promise<Catalogue> {
  if (locale === 'en') return en;
  const url = new URL(`../../widget/i18n/locales/${locale}.ts`, import.meta.url).href;
  return ((await import(url)) as { default: Catalogue }).default;
}

/** Opens the panel with the launcher, found by its name in `locale`. */
export async function openPanelIn(page: Page, locale: string): Promise<FrameLocator> {
  await page.getByRole('button', { name: launcherName(locale, false), exact: false }).click();
  return widget(page);
}

/** Fills and sends the default form in any locale; resolves when the composer is ready. */
export async function startChatIn(
  page: Page,
  strings: Catalogue,
  visitor: { name: string; email?: string; question: string },
): Promise<void> {
  const w = widget(page);
  await w.locator('#field-friendlyName').fill(visitor.name);
  if (visitor.email) await w.locator('#field-email').fill(visitor.email);
  await w.locator('#field-question').fill(visitor.question);
  await w.getByRole('button', { name: strings.startChat }).click();
  await w.locator('#composer-input').waitFor();
}

/** Texts the visitor can see or hear in the widget, except message bodies and names (theirs and the agent's). */
export async function visibleUiTexts(page: Page): Promise<string[]> {
  const frame = page.frames().find((f) => f.url().includes('/widget?'));
  if (!frame) throw new Error('no widget frame');
  // (No named functions inside: the test runner's transpiler would reference a helper the page lacks.)
  return frame.evaluate((excluded) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      if (text && !node.parentElement?.closest(excluded)) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (el.closest(excluded)) continue;
      for (const name of ['aria-label', 'placeholder', 'title']) {
        const value = el.getAttribute(name);
        if (value) out.push(value);
      }
    }
    return out;
  }, '.bubble, .author, [aria-live="polite"].visually-hidden');
}

/**
 * English fragments (the parts of each English string between placeholders, 4 characters or
 * more) found in `texts`, for the entries that `strings` translates differently.
 */
export function englishLeft(texts: string[], strings: Catalogue): string[] {
  const all = texts.join('\n').replace(/[\u2068\u2069]/g, '');
  const found = new Set<string>();
  for (const key of Object.keys(en) as (keyof Catalogue)[]) {
    const english = en[key];
    const translated = strings[key];
    const pairs: [string, string][] =
      typeof english === 'string'
        ? [[english, translated as string]]
        : Object.entries(english).map(([form, text]) => [
            text,
            (translated as Record<string, string>)[form] ?? (translated as { other: string }).other,
          ]);
    for (const [source, target] of pairs) {
      if (source === target) continue;
      for (const fragment of source.split(/\{\w+\}/)) {
        const f = fragment.trim();
        if (f.length >= 4 && !target.includes(f) && all.includes(f)) found.add(f);
      }
    }
  }
  return [...found];
}
