/**
 * Theme and accent colour from the loader's settings, applied through CSSOM (an attribute
 * for the theme, custom properties via style.setProperty): the widget's CSP allows no
 * inline style attributes, and no style string is ever built.
 */
import type { Theme } from '../../contracts/host-protocol.ts';

/** Parses #rgb, #rrggbb or rgb(r, g, b); undefined for anything else. */
export function parseColor(color: string): [number, number, number] | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})/i.exec(color.trim());
  if (rgb)
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])].map((v) => Math.min(255, v)) as [number, number, number];
  return undefined;
}

function luminance([r, g, b]: [number, number, number]): number {
  const channel = (v: number): number => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on the accent colour. */
export function textOn(color: [number, number, number]): '#000000' | '#ffffff' {
  return contrastRatio(color, [255, 255, 255]) >= contrastRatio(color, [0, 0, 0]) ? '#ffffff' : '#000000';
}

export function applyTheme(root: HTMLElement, theme: Theme, accent?: string): void {
  root.dataset.theme = theme;
  const parsed = accent ? parseColor(accent) : undefined;
  if (parsed) {
    root.style.setProperty('--accent', `rgb(${parsed.join(' ')})`);
    root.style.setProperty('--on-accent', textOn(parsed));
  } else {
    root.style.removeProperty('--accent');
    root.style.removeProperty('--on-accent');
  }
}
