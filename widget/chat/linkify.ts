/**
 * Splits message text into text and link parts. Only http:, https: and mailto: become
 * links; everything is rendered as text nodes, so no HTML from a message reaches the DOM.
 *
 * One left-to-right pass, linear in the text's length whatever it holds: a message can be
 * 32 KB (Twilio's limit) and an agent's `a.a.a.…` made the former regular expression
 * (`\b[\w.+-]+@…`, retried from every position) quadratic: seconds of frozen widget.
 * Candidates are what that expression matched: `http://`, `https://`, `mailto:` or `www.`
 * at a word start, up to whitespace, `<`, `>` or `"`; or a bare e-mail address
 * `local@label.label…` (local part of word characters, `.`, `+`, `-`).
 */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const TRAILING = `.,;:!?'")]}`;
const PREFIXES = ['https://', 'http://', 'mailto:', 'www.'];

const isWord = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
/** [\w.+-], an e-mail's local part. */
const isLocal = (code: number): boolean => isWord(code) || code === 46 || code === 43 || code === 45;
/** [\w-], a domain label. */
const isLabel = (code: number): boolean => isWord(code) || code === 45;
/** What ends a URL: whitespace (as \s), <, > or ". */
const isUrlEnd = (code: number): boolean =>
  code === 32 ||
  code === 60 ||
  code === 62 ||
  code === 34 ||
  (code >= 9 && code <= 13) ||
  (code >= 160 && /\s/.test(String.fromCharCode(code)));

/** The length of the link prefix (https://, http://, mailto:, www., any case) at `i`, or 0. */
function prefixAt(text: string, i: number): number {
  const first = text.charCodeAt(i) | 32;
  if (first !== 104 && first !== 109 && first !== 119) return 0; // h, m, w
  for (const prefix of PREFIXES) {
    let k = 0;
    for (; k < prefix.length; k++) {
      const want = prefix.charCodeAt(k);
      const code = text.charCodeAt(i + k);
      if (want >= 97 ? (code | 32) !== want || !isWord(code) : code !== want) break;
    }
    if (k === prefix.length) return k;
  }
  return 0;
}

/** Drops trailing punctuation, keeping a closing bracket that belongs to the URL, e.g. …/wiki/X_(Y). */
function trimTrailing(candidate: string): string {
  let opens = 0;
  let closes = 0;
  for (const char of candidate) {
    if (char === '(') opens++;
    else if (char === ')') closes++;
  }
  let end = candidate.length;
  while (end > 0 && TRAILING.includes(candidate[end - 1]!)) {
    if (candidate[end - 1] === ')') {
      if (opens >= closes) break;
      closes--;
    }
    end--;
  }
  return candidate.slice(0, end);
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

/**
 * The end of the domain after the `@` at `at` (`label(.label)+`, ending on a word character),
 * or -1. Only ever called once per `@`.
 */
function domainEnd(text: string, at: number): number {
  let i = at + 1;
  let labels = 0;
  let lastWordEnd = -1;
  let labelsAtLastWord = 0;
  for (;;) {
    const start = i;
    while (i < text.length && isLabel(text.charCodeAt(i))) {
      if (isWord(text.charCodeAt(i))) {
        lastWordEnd = i + 1;
        labelsAtLastWord = labels + 1;
      }
      i++;
    }
    if (i === start) break; // an empty label ends the domain before its dot
    labels++;
    if (text.charCodeAt(i) !== 46 || !isLabel(text.charCodeAt(i + 1))) break;
    i++;
  }
  return labelsAtLastWord >= 2 ? lastWordEnd : -1;
}

/** Start and end of every candidate, in order, in one pass. */
function candidates(text: string): [number, number][] {
  const found: [number, number][] = [];
  // The end of the current run of local-part characters, and the domain after it if an `@`
  // follows: computed once per run, so no position is ever rescanned.
  let runEnd = -1;
  let runDomainEnd = -1;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const prevWord = i > 0 && isWord(text.charCodeAt(i - 1));
    if (!prevWord && isWord(code)) {
      const prefix = prefixAt(text, i);
      if (prefix > 0) {
        let end = i + prefix;
        while (end < text.length && !isUrlEnd(text.charCodeAt(end))) end++;
        if (end > i + prefix) {
          found.push([i, end]);
          i = end;
          continue;
        }
      }
    }
    if (isLocal(code)) {
      if (i >= runEnd) {
        runEnd = i;
        while (runEnd < text.length && isLocal(text.charCodeAt(runEnd))) runEnd++;
        runDomainEnd = text.charCodeAt(runEnd) === 64 ? domainEnd(text, runEnd) : -1;
      }
      // An address starts where \b is: between a word and a non-word character.
      if (runDomainEnd !== -1 && prevWord !== isWord(code)) {
        found.push([i, runDomainEnd]);
        i = runDomainEnd;
        continue;
      }
    }
    i++;
  }
  return found;
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
  for (const [start, end] of candidates(text)) {
    const candidate = trimTrailing(text.slice(start, end));
    const href = safeHref(candidate);
    push(text.slice(last, start));
    if (href && candidate.length > 0) parts.push({ kind: 'link', text: candidate, href });
    else push(candidate);
    last = start + candidate.length;
  }
  push(text.slice(last));
  return parts;
}
