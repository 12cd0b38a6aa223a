/**
 * The SDK chunk's stand-in in the fast Chromium UI tests (test/e2e/ runs the real one): the test server
 * serves this bundle instead of sdk-session-*.js. It exports the same `openSdkSession` and
 * exposes the scripted conversation as `window.__scripted` for the test to drive.
 */
import { ScriptedConversation } from './scripted-session.ts';

const conversation = new ScriptedConversation();
// Benchmarks seed a long history before the widget loads.
const seed = (window as unknown as { __scriptedSeed?: number }).__scriptedSeed;
if (seed) conversation.seed(seed);
(window as unknown as { __scripted: ScriptedConversation }).__scripted = conversation;
export const openSdkSession = conversation.open;
