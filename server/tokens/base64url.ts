const encoder = new TextEncoder();

/** Anything but printable ASCII (JSON text, as JSON.stringify writes it, is printable ASCII or beyond). */
const NOT_PRINTABLE_ASCII = /[^ -~]/;
const SLICE = 8192;

/**
 * A printable ASCII string (every JWT header and nearly every payload) is its own binary string; anything
 * else goes through its UTF-8 bytes, turned into one in a single call (not a character at a time:
 * a sixth of the time, ~5 → ~0.8 µs for a token's payload and signature).
 */
export function base64UrlEncode(data: string | Uint8Array): string {
  let binary: string;
  if (typeof data === 'string' && !NOT_PRINTABLE_ASCII.test(data)) {
    binary = data;
  } else {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    binary = '';
    // In slices, so that a long input never exceeds the engine's limit on a call's arguments.
    for (let start = 0; start < bytes.length; start += SLICE)
      binary += String.fromCharCode.apply(null, bytes.subarray(start, start + SLICE) as unknown as number[]);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url; undefined when the text is not base64url. */
export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}
