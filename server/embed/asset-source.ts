/**
 * Where the server finds the built browser files (dist/public): the loader, widget.html and
 * the content-hashed assets. One implementation per runtime (node-assets.ts, worker-assets.ts).
 */
export interface Asset {
  body: ArrayBuffer | string;
  contentType: string;
}

export interface AssetSource {
  /** `path` is URL-like and starts with "/", e.g. "/loader.js" or "/assets/widget-3f2a.js". */
  get(path: string): Promise<Asset | undefined>;
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  ts: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  woff: 'font/woff',
  txt: 'text/plain; charset=utf-8',
  mp3: 'audio/mpeg',
};

/** The Content-Type for a file name, by extension; unknown types are served as opaque bytes. */
export function contentTypeFor(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * A request path turned into safe relative segments, or undefined for anything that could
 * leave the root: "..", ".", empty segments, backslashes, NUL, encoded slashes.
 */
export function safeSegments(path: string): string[] | undefined {
  if (!path.startsWith('/') || /[\\\0]/.test(path)) return undefined;
  const segments = path.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.startsWith('.')) return undefined;
    if (!/^[A-Za-z0-9._@+~-]+$/.test(segment)) return undefined;
  }
  return segments;
}
