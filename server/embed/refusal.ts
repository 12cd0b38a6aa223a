/**
 * The /widget answer for a page whose origin is not in ALLOWED_ORIGINS: a 403 page that this one
 * origin may frame, whose only script (allowed by its hash, no 'unsafe-inline') tells the loader
 * it was refused. The loader then removes itself and logs one console error naming ALLOWED_ORIGINS,
 * instead of leaving a launcher that opens a broken frame. Nothing of the chat is in it.
 */
import { CHANNEL } from '../../contracts/host-protocol.ts';

export const REFUSED_TEXT =
  'This site is not allowed to embed the chat. Add its origin to ALLOWED_ORIGINS on the chat server.';

const SCRIPT = `parent.postMessage({channel:${JSON.stringify(CHANNEL)},type:"refused"},"*")`;

export const REFUSAL_HTML = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Not allowed</title><p>${REFUSED_TEXT}</p><script>${SCRIPT}</script></html>`;

let scriptHash: Promise<string> | undefined;

/** 'sha256-…' of the page's script, for its CSP (computed once; Web Crypto on Node and Workers). */
function hashOfScript(): Promise<string> {
  scriptHash ??= crypto.subtle.digest('SHA-256', new TextEncoder().encode(SCRIPT)).then((digest) => {
    let binary = '';
    for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
    return `'sha256-${btoa(binary)}'`;
  });
  return scriptHash;
}

/** The refusal page's CSP: that script only, framable by the refused origin alone. */
export async function refusalCsp(refusedOrigin: string): Promise<string> {
  return `default-src 'none'; script-src ${await hashOfScript()}; base-uri 'none'; form-action 'none'; frame-ancestors ${refusedOrigin}`;
}
