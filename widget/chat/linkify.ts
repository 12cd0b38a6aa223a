/**
 * Splits message text into text and link parts. Only http:, https: and mailto: become
 * links; everything is rendered as text nodes, so no HTML from a message reaches the DOM.
 */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const CANDIDATE = /\b(?:https?:\/\/|mailto:|www\.)[^\s<>"]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/gi;
const TRAILING = `.,;:!?'")]}`;

const count = (text: string, char: string): number => text.split(char).length - 1;

/** Drops trailing punctuation, keeping a closing bracket that belongs to the URL, e.g. …/wiki/X_(Y). */
function trimTrailing(candidate: string): string {
  let out = candidate;
  while (out.length > 0 && TRAILING.includes(out[out.length - 1] ?? '')) {
    if (out.endsWith(')') && count(out, '(') >= count(out, ')')) break;
    out = out.slice(0, -1);
  }
  return out;
}

function safeHref(candidate: string): string | undefined {
  let href = candidate;
  if (/^www\./i.test(href)) href = `https://${href}`;
  else if (!/^(?:https?:|mailto:)/i.test(href)) href = `mailto:${href}`;
  try {
    const url = new URL(href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return undefined;
    if (url.protocol !== 'mailto:' && !url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  const push = (t: string): void => {
    if (!t) return;
    const prev = parts[parts.length - 1];
    if (prev?.kind === 'text') prev.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  for (const match of text.matchAll(CANDIDATE)) {
    let candidate = match[0];
    const start = match.index ?? 0;
    candidate = trimTrailing(candidate);
    const href = safeHref(candidate);
    push(text.slice(last, start));
    if (href && candidate.length > 0) parts.push({ kind: 'link', text: candidate, href });
    else push(candidate);
    last = start + candidate.length;
  }
  push(text.slice(last));
  return parts;
}
