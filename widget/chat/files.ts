/**
 * Checks a file before upload: size against the smaller of the configured limit and the
 * SDK's connect-time limit; type by MIME type AND extension against the allowed extensions
 * (so `image/jpeg` counts as jpg and jpeg, unlike Twilio's reference app).
 */

/** MIME types for the extensions Flex web chat accepts (and a few common synonyms). */
export const MIME_BY_EXTENSION: Record<string, string[]> = {
  jpg: ['image/jpeg', 'image/pjpeg'],
  jpeg: ['image/jpeg', 'image/pjpeg'],
  png: ['image/png'],
  gif: ['image/gif'],
  heic: ['image/heic', 'image/heif'],
  amr: ['audio/amr'],
  mp3: ['audio/mpeg', 'audio/mp3'],
  mp4: ['video/mp4', 'audio/mp4'],
  pdf: ['application/pdf'],
  txt: ['text/plain'],
};

/** An image the browser can show (HEIC/HEIF are images it cannot: those get a download chip). */
export function isPreviewableImage(contentType: string): boolean {
  return contentType.startsWith('image/') && contentType !== 'image/heic' && contentType !== 'image/heif';
}

export type FileCheck =
  | { ok: true; contentType: string }
  | { ok: false; reason: 'type'; allowed: string[] }
  | { ok: false; reason: 'size'; limit: number };

export interface FileRules {
  extensions: string[];
  maxFileBytes: number;
  /** The SDK's per-file limit from its connect-time configuration, when known. */
  sdkMaxFileBytes?: number | null;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function effectiveLimit(rules: FileRules): number {
  return rules.sdkMaxFileBytes && rules.sdkMaxFileBytes > 0
    ? Math.min(rules.maxFileBytes, rules.sdkMaxFileBytes)
    : rules.maxFileBytes;
}

export function checkFile(file: { name: string; type: string; size: number }, rules: FileRules): FileCheck {
  const allowed = rules.extensions.map((e) => e.toLowerCase());
  const ext = extensionOf(file.name);
  const mime = file.type.toLowerCase();
  const extOk = allowed.includes(ext);
  const expected = MIME_BY_EXTENSION[ext];
  // The MIME type must fit the extension when the browser reports one (some report none for .heic/.amr).
  const mimeOk = mime === '' ? expected !== undefined : expected ? expected.includes(mime) : false;
  if (!extOk || !mimeOk) return { ok: false, reason: 'type', allowed };
  const limit = effectiveLimit(rules);
  if (file.size > limit) return { ok: false, reason: 'size', limit };
  return { ok: true, contentType: mime || (expected?.[0] ?? 'application/octet-stream') };
}

/** The `accept` attribute for the file input. */
export function acceptAttribute(extensions: string[]): string {
  const types = new Set<string>();
  for (const ext of extensions) {
    types.add(`.${ext.toLowerCase()}`);
    for (const mime of MIME_BY_EXTENSION[ext.toLowerCase()] ?? []) types.add(mime);
  }
  return [...types].join(',');
}

export function formatBytes(bytes: number, locale = 'en'): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    // Bytes spelled out and plural-correct ("125 bytes", "125 octets", never "125 byte"); larger units short ("1.2 MB").
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/**
 * A file name shortened to at most `max` characters by cutting its middle ("invoice-20…quarter.pdf"),
 * keeping the start, the end and the extension (when it is a short one) whole.
 */
export function middleTruncate(name: string, max = 32): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 8 ? [...name.slice(dot)] : [];
  const stem = chars.slice(0, chars.length - extension.length);
  const room = Math.max(2, max - extension.length - 1);
  const head = Math.ceil(room * 0.6);
  const tail = room - head;
  return [...stem.slice(0, head), '…', ...(tail > 0 ? stem.slice(-tail) : []), ...extension].join('');
}
