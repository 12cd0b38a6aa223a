/**
 * The re-sign-only token refresh of Twilio's Webchat React App (its server's
 * refreshTokenController), as the benchmark's baseline: verify the token's signature and expiry
 * with jsonwebtoken, mint a new AccessToken with a ChatGrant for the same identity — no call to
 * Twilio, so it would refresh a token of a closed conversation too. Plain node:http instead of
 * their Express (less work per request than theirs: a strict baseline). Run as a child process by
 * scripts/bench/server.ts; prints `listening on <port>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import twilio from 'twilio';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const accountSid = env('TWILIO_ACCOUNT_SID');
const apiKey = env('TWILIO_API_KEY_SID');
const apiSecret = env('TWILIO_API_KEY_SECRET');
const serviceSid = env('CONVERSATIONS_SERVICE_SID');
const TOKEN_TTL_IN_SECONDS = 3600;

// jsonwebtoken is what their server verifies with (and what twilio signs with).
const jwt = createRequire(createRequire(import.meta.url).resolve('twilio'))('jsonwebtoken') as {
  verify(token: string, secret: string): unknown;
};

function createToken(identity: string): string {
  const token = new twilio.jwt.AccessToken(accountSid, apiKey, apiSecret, { identity, ttl: TOKEN_TTL_IN_SECONDS });
  token.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid }));
  return token.toJwt();
}

function identityOf(body: string): string | undefined {
  const { token } = JSON.parse(body) as { token?: unknown };
  if (typeof token !== 'string') return undefined;
  const decoded = jwt.verify(token, apiSecret) as { grants?: { identity?: unknown } };
  return typeof decoded.grants?.identity === 'string' ? decoded.grants.identity : undefined;
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let identity: string | undefined;
    try {
      identity = identityOf(Buffer.concat(chunks).toString());
    } catch {
      identity = undefined;
    }
    if (identity === undefined) {
      response.writeHead(403).end();
      return;
    }
    const body = JSON.stringify({ token: createToken(identity), expiration: Date.now() + TOKEN_TTL_IN_SECONDS * 1000 });
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on ${(server.address() as AddressInfo).port}`));
