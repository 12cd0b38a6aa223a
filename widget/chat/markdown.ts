/**
 * A safe Markdown subset for agent and bot messages, parsed into a tree the UI renders as Preact
 * elements (never HTML): paragraphs, fenced code blocks, block quotes, bullet and numbered lists;
 * inline bold, italic, strikethrough (`~~`), code spans, links `[text](url)`, autolinks `<url>` and
 * bare URLs (widget/chat/linkify.ts). Raw HTML stays text. Links only for http:, https:, mailto:
 * and tel: — any other destination leaves just the link text.
 *
 * Linear time: blocks are read line by line (nesting is capped at MAX_DEPTH, so each line is
 * looked at a bounded number of times); inlines follow CommonMark's delimiter algorithm with its
 * "openers bottom" bound, code spans find their closer through a per-length queue, and a link
 * destination cannot contain brackets or spaces, so no character is scanned twice for one.
 * Not in the subset: headings, thematic breaks, tables, indented code blocks, link titles,
 * reference links, entities, images (all stay text).
 */
import { linkify } from './linkify.ts';

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em' | 'del'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; children: Block[] }
  /** Tight: no blank line between or inside its items (paragraphs then show without spacing). */
  | { kind: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][] };

/** Deeper quotes and lists are shown as their text. */
export const MAX_DEPTH = 8;

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** The href of a destination if it is an absolute http:, https:, mailto: or tel: URL. */
export function safeLinkHref(destination: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(destination)) return undefined;
  try {
    const url = new URL(destination);
    if (!SAFE_PROTOCOLS.has(url.protocol)) return undefined;
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

// ---- blocks ------------------------------------------------------------------------------------

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})([-+*]|\d{1,9}[.)])( +|$)/;
const BLANK = /^[ \t]*$/;

interface ListMarker {
  ordered: boolean;
  /** The bullet character, or the ordered delimiter (`.` or `)`). */
  symbol: string;
  start: number;
  /** Column where the item's content starts. */
  contentIndent: number;
  /** The first line's content. */
  first: string;
}

function listMarker(line: string): ListMarker | undefined {
  const match = LIST_ITEM.exec(line);
  if (!match) return undefined;
  const [whole, indent = '', marker = '', spaces = ''] = match;
  const ordered = /\d/.test(marker);
  // 1–4 spaces after the marker belong to it; more means the content is indented code (here: text).
  const gap = spaces.length === 0 ? 1 : spaces.length > 4 ? 1 : spaces.length;
  return {
    ordered,
    symbol: ordered ? marker.slice(-1) : marker,
    start: ordered ? Number(marker.slice(0, -1)) : 1,
    contentIndent: indent.length + marker.length + gap,
    first: line.slice(Math.min(whole.length, indent.length + marker.length + gap)),
  };
}

/** Could this line start a block other than a paragraph (ending a paragraph before it)? */
function interruptsParagraph(line: string): boolean {
  if (FENCE.test(line) || QUOTE.test(line)) return true;
  const marker = listMarker(line);
  // As in CommonMark: an empty item, or a numbered one not starting at 1, does not interrupt.
  return marker !== undefined && !BLANK.test(marker.first) && (!marker.ordered || marker.start === 1);
}

function leadingSpaces(line: string): number {
  let n = 0;
  while (n < line.length && line[n] === ' ') n += 1;
  return n;
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (BLANK.test(line)) {
      i += 1;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence && !(fence[1]?.startsWith('`') && fence[2]?.includes('`'))) {
      const fenceText = fence[1] ?? '```';
      const indent = leadingSpaces(line);
      const closing = new RegExp(`^ {0,3}${fenceText.startsWith('`') ? '`' : '~'}{${fenceText.length},}[ \\t]*$`);
      const content: string[] = [];
      i += 1;
      while (i < lines.length && !closing.test(lines[i] ?? '')) {
        const contentLine = lines[i] ?? '';
        content.push(contentLine.slice(Math.min(indent, leadingSpaces(contentLine))));
        i += 1;
      }
      i += 1; // the closing fence (or the end)
      blocks.push({ kind: 'code', text: content.join('\n') });
      continue;
    }

    if (QUOTE.test(line)) {
      const inner: string[] = [];
      let lazyAllowed = false;
      while (i < lines.length) {
        const current = lines[i] ?? '';
        if (QUOTE.test(current)) {
          const stripped = current.replace(QUOTE, '');
          inner.push(stripped);
          lazyAllowed = !BLANK.test(stripped) && !FENCE.test(stripped);
        } else if (lazyAllowed && !BLANK.test(current) && !interruptsParagraph(current)) {
          inner.push(current); // a lazy continuation of the quoted paragraph
        } else break;
        i += 1;
      }
      blocks.push({
        kind: 'quote',
        children:
          depth < MAX_DEPTH
            ? parseBlocks(inner, depth + 1)
            : [{ kind: 'paragraph', children: parseInlines(inner.join('\n')) }],
      });
      continue;
    }

    const marker = listMarker(line);
    if (marker) {
      const list: Block & { kind: 'list' } = {
        kind: 'list',
        ordered: marker.ordered,
        start: marker.start,
        tight: true,
        items: [],
      };
      let current: ListMarker | undefined = marker;
      while (current?.ordered === marker.ordered && current.symbol === marker.symbol) {
        const itemLines: string[] = [current.first];
        i += 1;
        let lastBlank = BLANK.test(current.first);
        while (i < lines.length) {
          const next = lines[i] ?? '';
          if (BLANK.test(next)) {
            itemLines.push('');
            lastBlank = true;
          } else if (leadingSpaces(next) >= current.contentIndent) {
            itemLines.push(next.slice(current.contentIndent));
            lastBlank = false;
          } else if (!lastBlank && !interruptsParagraph(next) && !listMarker(next)) {
            itemLines.push(next.trimStart()); // a lazy continuation line
          } else break;
          i += 1;
        }
        let trailingBlank = false;
        while (itemLines.length > 1 && BLANK.test(itemLines[itemLines.length - 1] ?? '')) {
          itemLines.pop();
          trailingBlank = true;
        }
        if (itemLines.slice(1).some((l) => BLANK.test(l))) list.tight = false;
        list.items.push(
          depth < MAX_DEPTH
            ? parseBlocks(itemLines, depth + 1)
            : [{ kind: 'paragraph', children: parseInlines(itemLines.join('\n')) }],
        );
        current = i < lines.length ? listMarker(lines[i] ?? '') : undefined;
        if (trailingBlank && current) list.tight = false;
      }
      blocks.push(list);
      continue;
    }

    const paragraph: string[] = [line.trimStart()];
    i += 1;
    while (i < lines.length) {
      const next = lines[i] ?? '';
      if (BLANK.test(next) || interruptsParagraph(next)) break;
      paragraph.push(next.trimStart());
      i += 1;
    }
    blocks.push({ kind: 'paragraph', children: parseInlines(paragraph.join('\n').trimEnd()) });
  }
  return blocks;
}

/** Parses a message body (any length; Twilio's limit is 32 KB) into blocks. */
export function parseMarkdown(text: string): Block[] {
  return parseBlocks(text.replace(/\r\n?/g, '\n').split('\n'), 0);
}

// ---- inlines -----------------------------------------------------------------------------------

/** A token of the inline list being built: text, a finished node, or a delimiter run. */
interface Token {
  prev: Token | undefined;
  next: Token | undefined;
  /** Text (also a delimiter run's remaining characters), or a finished node. */
  text: string;
  node: Inline | undefined;
  delim: Delimiter | undefined;
}

interface Delimiter {
  token: Token;
  char: string;
  /** Characters left in the run. */
  count: number;
  original: number;
  canOpen: boolean;
  canClose: boolean;
  /** Brackets: `[`, still able to start a link. */
  active: boolean;
  prev: Delimiter | undefined;
  next: Delimiter | undefined;
}

const PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/u;
const ESCAPABLE = /[!-/:-@[-`{-~]/;

class TokenList {
  head: Token | undefined;
  tail: Token | undefined;

  append(token: Omit<Token, 'prev' | 'next'>): Token {
    const full: Token = { prev: this.tail, next: undefined, text: token.text, node: token.node, delim: token.delim };
    if (this.tail) this.tail.next = full;
    else this.head = full;
    this.tail = full;
    return full;
  }

  remove(token: Token): void {
    if (token.prev) token.prev.next = token.next;
    else this.head = token.next;
    if (token.next) token.next.prev = token.prev;
    else this.tail = token.prev;
  }

  /** Replaces the tokens strictly between `from` and `to` (either may be undefined = the ends) by one node. */
  wrapBetween(from: Token | undefined, to: Token | undefined, make: (children: Inline[]) => Inline): Token {
    const first = from ? from.next : this.head;
    const children: Inline[] = [];
    for (let t = first; t && t !== to; t = t.next) pushToken(children, t);
    const node: Token = { prev: from, next: to, text: '', node: make(children), delim: undefined };
    if (from) from.next = node;
    else this.head = node;
    if (to) to.prev = node;
    else this.tail = node;
    return node;
  }
}

/** Adds a token to an output list, merging text. */
function pushToken(out: Inline[], token: Token): void {
  if (token.node) out.push(token.node);
  else if (token.text) {
    const last = out[out.length - 1];
    if (last?.kind === 'text') last.text += token.text;
    else out.push({ kind: 'text', text: token.text });
  }
}

/** Emphasis nested deeper than this shows as its plain text (so rendering never recurses deeply). */
export const MAX_INLINE_DEPTH = 16;

/** The text of inlines, without formatting (iterative: any depth). */
export function plainText(inlines: Inline[]): string {
  let out = '';
  const stack: Inline[] = [...inlines].reverse();
  for (let inline = stack.pop(); inline; inline = stack.pop()) {
    if (inline.kind === 'text' || inline.kind === 'code') out += inline.text;
    else for (let i = inline.children.length - 1; i >= 0; i -= 1) stack.push(inline.children[i]!);
  }
  return out;
}

/**
 * Bare URLs in the text of an inline list become links (not inside links); emphasis deeper than
 * MAX_INLINE_DEPTH becomes its plain text.
 */
function finishInlines(inlines: Inline[], depth = 0, insideLink = false): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    if (inline.kind === 'text' && !insideLink) {
      for (const part of linkify(inline.text)) {
        out.push(
          part.kind === 'link'
            ? { kind: 'link', href: part.href, children: [{ kind: 'text', text: part.text }] }
            : { kind: 'text', text: part.text },
        );
      }
    } else if (inline.kind === 'text' || inline.kind === 'code') {
      out.push(inline);
    } else if (depth >= MAX_INLINE_DEPTH) {
      out.push({ kind: 'text', text: plainText(inline.children) });
    } else if (inline.kind === 'link') {
      out.push({ kind: 'link', href: inline.href, children: finishInlines(inline.children, depth + 1, true) });
    } else {
      out.push({ kind: inline.kind, children: finishInlines(inline.children, depth + 1, insideLink) });
    }
  }
  return out;
}

/** Where the runs of backticks of one length start, and the first one not passed yet. */
interface RunQueue {
  starts: number[];
  next: number;
}

/** Where each run of backticks starts, by run length (for finding a code span's closer in order). */
function backtickRuns(text: string): Map<number, RunQueue> {
  const runs = new Map<number, RunQueue>();
  for (let i = 0; i < text.length;) {
    if (text[i] !== '`') {
      i += 1;
      continue;
    }
    let j = i;
    while (text[j] === '`') j += 1;
    const queue = runs.get(j - i) ?? { starts: [], next: 0 };
    queue.starts.push(i);
    runs.set(j - i, queue);
    i = j;
  }
  return runs;
}

/** The inline link destination after `]` at `at` (`(url)` or `(<url>)`): [destination, end index]. */
function linkDestination(text: string, at: number): [string, number] | undefined {
  if (text[at] !== '(') return undefined;
  let i = at + 1;
  while (text[i] === ' ' || text[i] === '\n') i += 1;
  let destination: string;
  if (text[i] === '<') {
    const start = i + 1;
    i = start;
    while (
      i < text.length &&
      text[i] !== '>' &&
      text[i] !== '<' &&
      text[i] !== '\n' &&
      text[i] !== '[' &&
      text[i] !== ']'
    )
      i += 1;
    if (text[i] !== '>') return undefined;
    destination = text.slice(start, i);
    i += 1;
  } else {
    const start = i;
    let depth = 0;
    while (i < text.length) {
      const c = text[i] ?? '';
      if (c === '(') depth += 1;
      else if (c === ')') {
        if (depth === 0) break;
        depth -= 1;
      } else if (WHITESPACE.test(c) || c === '[' || c === ']' || c < ' ') break;
      i += 1;
    }
    if (depth !== 0) return undefined;
    destination = text.slice(start, i);
  }
  while (text[i] === ' ' || text[i] === '\n') i += 1;
  if (text[i] !== ')') return undefined;
  return [destination.replace(/\\([!-/:-@[-`{-~])/g, '$1'), i + 1];
}

export function parseInlines(text: string): Inline[] {
  const tokens = new TokenList();
  let delimiters: Delimiter | undefined; // the top of the delimiter stack (emphasis and brackets)
  const runs = backtickRuns(text);
  let pending = '';
  const flush = (): void => {
    if (pending) tokens.append({ text: pending, node: undefined, delim: undefined });
    pending = '';
  };
  const pushDelimiter = (char: string, count: number, canOpen: boolean, canClose: boolean): void => {
    flush();
    const token = tokens.append({ text: char.repeat(count), node: undefined, delim: undefined });
    const delim: Delimiter = {
      token,
      char,
      count,
      original: count,
      canOpen,
      canClose,
      active: true,
      prev: delimiters,
      next: undefined,
    };
    token.delim = delim;
    if (delimiters) delimiters.next = delim;
    delimiters = delim;
  };
  const removeDelimiter = (delim: Delimiter): void => {
    if (delim.prev) delim.prev.next = delim.next;
    if (delim.next) delim.next.prev = delim.prev;
    else delimiters = delim.prev;
    delim.token.delim = undefined;
  };

  /** CommonMark's "process emphasis" above `bottom` (exclusive). */
  const processEmphasis = (bottom: Delimiter | undefined): void => {
    const openersBottom = new Map<string, Delimiter | undefined>();
    let closer = bottom ? bottom.next : firstDelimiter();
    while (closer) {
      if (closer.char === '[' || !closer.canClose) {
        closer = closer.next;
        continue;
      }
      const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.original % 3}`;
      const floor = openersBottom.has(key) ? openersBottom.get(key) : bottom;
      let opener = closer.prev;
      let found = false;
      while (opener && opener !== floor && opener !== bottom) {
        if (opener.char === closer.char && opener.canOpen) {
          const oddMatch =
            closer.char !== '~' &&
            (opener.canClose || closer.canOpen) &&
            (opener.original + closer.original) % 3 === 0 &&
            !(opener.original % 3 === 0 && closer.original % 3 === 0);
          const tildeMismatch = closer.char === '~' && opener.count !== closer.count;
          if (!oddMatch && !tildeMismatch) {
            found = true;
            break;
          }
        }
        opener = opener.prev;
      }
      if (!found || !opener) {
        openersBottom.set(key, closer.prev);
        const next: Delimiter | undefined = closer.next;
        if (!closer.canOpen) removeDelimiter(closer);
        closer = next;
        continue;
      }
      const used = closer.char === '~' ? closer.count : opener.count >= 2 && closer.count >= 2 ? 2 : 1;
      const kind = closer.char === '~' ? 'del' : used === 2 ? 'strong' : 'em';
      opener.count -= used;
      closer.count -= used;
      opener.token.text = opener.token.text.slice(used);
      closer.token.text = closer.token.text.slice(used);
      // Delimiters between the two are text now.
      for (let d = opener.next; d && d !== closer; d = d.next) d.token.delim = undefined;
      opener.next = closer;
      closer.prev = opener;
      tokens.wrapBetween(opener.token, closer.token, (children) => ({ kind, children }));
      if (opener.count === 0) {
        removeDelimiter(opener);
        tokens.remove(opener.token);
      }
      if (closer.count === 0) {
        const next: Delimiter | undefined = closer.next;
        removeDelimiter(closer);
        tokens.remove(closer.token);
        closer = next;
      }
    }
    // What is left above the bottom is text.
    while (delimiters && delimiters !== bottom) {
      if (delimiters.char === '[') break;
      removeDelimiter(delimiters);
    }
  };
  const firstDelimiter = (): Delimiter | undefined => {
    let d = delimiters;
    while (d?.prev) d = d.prev;
    return d;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\\' && i + 1 < text.length && ESCAPABLE.test(text[i + 1] ?? '')) {
      pending += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let j = i;
      while (text[j] === '`') j += 1;
      const length = j - i;
      const queue = runs.get(length) ?? { starts: [], next: 0 };
      while (queue.next < queue.starts.length && (queue.starts[queue.next] ?? 0) <= i) queue.next += 1;
      const close = queue.starts[queue.next];
      if (close === undefined) {
        pending += text.slice(i, j);
        i = j;
        continue;
      }
      queue.next += 1;
      let code = text.slice(j, close).replace(/\n/g, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
      flush();
      tokens.append({ text: '', node: { kind: 'code', text: code }, delim: undefined });
      i = close + length;
      continue;
    }
    if (c === '<') {
      // An autolink <scheme:…>: the scan stops at the next '<', so no character is scanned twice.
      let j = i + 1;
      while (j < text.length && text[j] !== '<' && text[j] !== '>' && !WHITESPACE.test(text[j] ?? '')) j += 1;
      const candidate = text.slice(i + 1, j);
      const href =
        text[j] === '>' && /^[a-zA-Z][a-zA-Z0-9+.-]{1,31}:/.test(candidate) ? safeLinkHref(candidate) : undefined;
      if (href) {
        flush();
        tokens.append({
          text: '',
          node: { kind: 'link', href, children: [{ kind: 'text', text: candidate }] },
          delim: undefined,
        });
        i = j + 1;
        continue;
      }
      pending += c;
      i += 1;
      continue;
    }
    if (c === '*' || c === '_' || c === '~') {
      let j = i;
      while (text[j] === c) j += 1;
      const count = j - i;
      if (c === '~' && count > 2) {
        pending += text.slice(i, j);
        i = j;
        continue;
      }
      const before = i === 0 ? '\n' : (text[i - 1] ?? '\n');
      const after = j >= text.length ? '\n' : (text[j] ?? '\n');
      const afterSpace = WHITESPACE.test(after);
      const beforeSpace = WHITESPACE.test(before);
      const afterPunct = PUNCTUATION.test(after);
      const beforePunct = PUNCTUATION.test(before);
      const left = !afterSpace && (!afterPunct || beforeSpace || beforePunct);
      const right = !beforeSpace && (!beforePunct || afterSpace || afterPunct);
      const canOpen = c === '_' ? left && (!right || beforePunct) : left;
      const canClose = c === '_' ? right && (!left || afterPunct) : right;
      pushDelimiter(c, count, canOpen, canClose);
      i = j;
      continue;
    }
    if (c === '[') {
      pushDelimiter('[', 1, false, false);
      i += 1;
      continue;
    }
    if (c === ']') {
      let opener = delimiters;
      while (opener && opener.char !== '[') opener = opener.prev;
      if (!opener) {
        pending += c;
        i += 1;
        continue;
      }
      const link = opener.active ? linkDestination(text, i + 1) : undefined;
      if (!link) {
        removeDelimiter(opener);
        pending += c;
        i += 1;
        continue;
      }
      flush();
      processEmphasis(opener);
      const href = safeLinkHref(link[0]);
      const openerToken = opener.token;
      removeDelimiter(opener);
      let children: Inline[] = [];
      const wrapped = tokens.wrapBetween(openerToken, undefined, (inner) => {
        children = inner;
        return { kind: 'link', href: href ?? '', children: inner };
      });
      tokens.remove(openerToken);
      // An unsafe destination keeps only the link text.
      if (!href) {
        tokens.remove(wrapped);
        for (const child of children) tokens.append({ text: '', node: child, delim: undefined });
      }
      // No links inside links: earlier brackets can no longer make one.
      if (href) for (let d = delimiters; d; d = d.prev) if (d.char === '[') d.active = false;
      i = link[1];
      continue;
    }
    pending += c;
    i += 1;
  }
  flush();
  processEmphasis(undefined);
  const out: Inline[] = [];
  for (let t = tokens.head; t; t = t.next) pushToken(out, t);
  return finishInlines(out);
}
