/**
 * Mocha's BDD functions, which @web/test-runner puts on the test page's global object, typed
 * for the component tests (imported rather than ambient, so the node:test files see no `it`).
 */
type Body = () => void | Promise<void>;

interface MochaGlobals {
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: Body) => void;
  beforeEach: (body: Body) => void;
  afterEach: (body: Body) => void;
}

export const { describe, it, beforeEach, afterEach } = globalThis as unknown as MochaGlobals;
