/**
 * HMAC-SHA256 with one secret, the primitive access tokens are signed with. WebCrypto by
 * default (every runtime has it; the imported key is kept per secret); a runtime can bring a
 * cheaper one (server/tokens/node-hmac.ts: Node's synchronous createHmac, about a fifth of
 * WebCrypto's asynchronous job per operation).
 */
export interface HmacSha256 {
  sign(data: Uint8Array): Promise<Uint8Array> | Uint8Array;
  /** Compares in constant time. */
  verify(signature: Uint8Array, data: Uint8Array): Promise<boolean> | boolean;
}

/** The HMAC for a secret. */
export type HmacFactory = (secret: string) => HmacSha256;

const webCryptoHmacs = new Map<string, HmacSha256>();

export const webCryptoHmac: HmacFactory = (secret) => {
  let hmac = webCryptoHmacs.get(secret);
  if (!hmac) {
    const key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    hmac = {
      sign: async (data) =>
        new Uint8Array(await crypto.subtle.sign('HMAC', await key, data as Uint8Array<ArrayBuffer>)),
      verify: async (signature, data) =>
        crypto.subtle.verify('HMAC', await key, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>),
    };
    webCryptoHmacs.set(secret, hmac);
  }
  return hmac;
};
