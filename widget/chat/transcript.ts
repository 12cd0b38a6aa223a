/**
 * A conversation's transcript as a file: plain text, or a printable HTML page. Pure functions of
 * what the widget holds (widget/chat/transcript-download.ts gathers it): every text is escaped,
 * no HTML of anyone's passes through, links are http(s) only, and the page carries its own
 * Content-Security-Policy (no script, no request; its one style block allowed by hash).
 */
import { cached } from '../i18n/intl-cache.ts';

export type TranscriptFormat = 'text' | 'html';

export interface TranscriptAttachment {
  name: string;
  /** A temporary download link (http or https), when one could be had. */
  url: string | undefined;
}

export interface TranscriptEntry {
  /** Milliseconds since the epoch. */
  time: number;
  /** The author's display name. */
  author: string;
  body: string;
  attachments: TranscriptAttachment[];
}

export interface Transcript {
  /** The heading, with the conversation's date ("Chat transcript, Thursday, December 3, 2026"). */
  title: string;
  /** BCP 47 tag for the page and the dates. */
  locale: string;
  dir: 'ltr' | 'rtl';
  /** "Attachment: {file}" in the visitor's language, as a function of the file name. */
  attachmentLabel: (file: string) => string;
  entries: TranscriptEntry[];
}

/** The printable page's whole style; its hash is in the page's CSP (test/widget/transcript.test.ts checks it). */
export const TRANSCRIPT_STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:42em;margin:2em auto;padding:0 1em;color:#111;background:#fff}' +
  'h1{font-size:1.3em}ol{list-style:none;padding:0}li{margin:0 0 1em;break-inside:avoid}' +
  '.meta{margin:0;color:#555;font-size:.85em}.meta b{color:#111}.body{margin:.2em 0 0;white-space:pre-wrap;overflow-wrap:anywhere}' +
  '.file{margin:.2em 0 0;font-size:.9em}';
export const TRANSCRIPT_STYLE_HASH = "'sha256-rOktejz97Zjjey96WOS8z+mruhZapuSGN8CFQNi1MWo='";

const formats = new Map<string, Intl.DateTimeFormat>();

/** The message's date and time in the visitor's locale. */
export function stampOf(time: number, locale: string): string {
  return cached(
    formats,
    locale,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(time);
}

/** The conversation's date, as the heading says it. */
export function conversationDate(time: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(time);
}

/** `chat-transcript-2026-12-03.txt` (the conversation's first day, local time). */
export function transcriptFileName(time: number, format: TranscriptFormat): string {
  const day = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `chat-transcript-${day.getFullYear()}-${two(day.getMonth() + 1)}-${two(day.getDate())}.${format === 'html' ? 'html' : 'txt'}`;
}

function linkOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function transcriptText(transcript: Transcript): string {
  const lines = [transcript.title, ''];
  for (const entry of transcript.entries) {
    const [first = '', ...rest] = entry.body.split(/\r\n|\r|\n/);
    lines.push(`[${stampOf(entry.time, transcript.locale)}] ${entry.author}: ${first}`);
    for (const line of rest) lines.push(`    ${line}`);
    for (const file of entry.attachments) {
      const link = linkOf(file.url);
      lines.push(`    ${transcript.attachmentLabel(file.name)}${link ? ` <${link}>` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function transcriptHtml(transcript: Transcript): string {
  const { locale } = transcript;
  const items = transcript.entries.map((entry) => {
    const files = entry.attachments.map((file) => {
      const link = linkOf(file.url);
      const name = escapeHtml(file.name);
      const label = escapeHtml(transcript.attachmentLabel('\u0000')).split('\u0000');
      const shown = link ? `<a href="${escapeHtml(link)}" rel="noopener noreferrer">${name}</a>` : name;
      return `<p class="file" dir="auto">${label[0] ?? ''}${shown}${label[1] ?? ''}</p>`;
    });
    const body = entry.body === '' ? '' : `<p class="body" dir="auto">${escapeHtml(entry.body)}</p>`;
    return (
      `<li><p class="meta"><b dir="auto">${escapeHtml(entry.author)}</b> ` +
      `<time datetime="${new Date(entry.time).toISOString()}">${escapeHtml(stampOf(entry.time, locale))}</time></p>` +
      `${body}${files.join('')}</li>`
    );
  });
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(locale)}" dir="${transcript.dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${TRANSCRIPT_STYLE_HASH}; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(transcript.title)}</title>`,
    `<style>${TRANSCRIPT_STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(transcript.title)}</h1>`,
    `<ol>${items.join('\n')}</ol>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
