/**
 * A message's text cut into plain runs and http(s) links, for the history to render as text and
 * <a> elements (never markup). A link ends at white space; trailing punctuation that closes a
 * sentence stays text ("see https://example.com/a." links https://example.com/a). Anything that
 * is not an absolute http(s) URL (javascript:, data:, www.…) stays text.
 */
export type TextPart = { text: string } | { text: string; href: string };

const CANDIDATE = /\bhttps?:\/\/[^\s<>"]+/giu;
const SENTENCE_END = /[.,;:!?'’)\]}]$/u;
const OPENERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** The candidate without the punctuation after it; a closing bracket with its opener in the URL stays (…/Foo_(bar)). */
function withoutTrailingPunctuation(candidate: string): string {
  let text = candidate;
  while (SENTENCE_END.test(text)) {
    const last = text.at(-1)!;
    const opener = OPENERS[last];
    if (opener && count(text, opener) >= count(text, last)) break;
    text = text.slice(0, -1);
  }
  return text;
}

function linkOf(candidate: string): { text: string; rest: string } | undefined {
  const text = withoutTrailingPunctuation(candidate);
  try {
    const url = new URL(text);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  } catch {
    return undefined;
  }
  return { text, rest: candidate.slice(text.length) };
}

export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = '';
  let at = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index ?? 0;
    plain += text.slice(at, start);
    at = start + match[0].length;
    const link = linkOf(match[0]);
    if (!link) {
      plain += match[0];
      continue;
    }
    if (plain) parts.push({ text: plain });
    parts.push({ text: link.text, href: link.text });
    plain = link.rest;
  }
  plain += text.slice(at);
  if (plain) parts.push({ text: plain });
  return parts;
}
