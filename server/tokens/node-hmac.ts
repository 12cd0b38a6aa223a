/** HMAC-SHA256 with Node's synchronous node:crypto (the Node entry's choice; Workers use WebCrypto). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HmacFactory } from './hmac.ts';

export const nodeHmac: HmacFactory = (secret) => {
  const sign = (data: Uint8Array) => new Uint8Array(createHmac('sha256', secret).update(data).digest());
  return {
    sign,
    verify: (signature, data) => {
      const expected = sign(data);
      return signature.length === expected.length && timingSafeEqual(signature, expected);
    },
  };
};
