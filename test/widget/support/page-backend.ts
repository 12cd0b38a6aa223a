/**
 * The SDK chunk's stand-in in the fast Chromium UI tests (test/e2e/ runs the real one): the test server
 * serves this bundle instead of sdk-session-*.js. It exports the same `openSdkSession` and
 * exposes the scripted conversation as `window.__scripted` for the test to drive.
 */
import { ScriptedConversation } from './scripted-session.ts';

const conversation = new ScriptedConversation();
// Tests seed a long history before the widget loads: `__scriptedSeed` messages, one a minute,
// by `__scriptedSeedAuthors` in turn (default: all by 'agent').
const { __scriptedSeed: seed, __scriptedSeedAuthors: authors } = window as unknown as {
  __scriptedSeed?: number;
  __scriptedSeedAuthors?: string[];
};
if (seed && authors?.length) {
  const start = Date.now() - seed * 60_000;
  for (let i = 0; i < seed; i++) conversation.seed(1, authors[i % authors.length], start + i * 60_000);
} else if (seed) conversation.seed(seed);
(window as unknown as { __scripted: ScriptedConversation }).__scripted = conversation;
export const openSdkSession = conversation.open;
