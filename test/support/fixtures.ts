/**
 * The before/after fixtures of the tests on the real stack (test/support/stack.ts) and Chromium
 * (test/support/browser.ts). Each `use…` registers its hooks in the scope it is called in (a test
 * file's top level or a describe) and returns an object whose properties are there once the
 * scope's `before` ran:
 *
 *   const rig = useRealStack({ emulator: { autoAgent: false } });
 *   test('…', async () => { const context = await rig.browser.newContext(); await rig.flex.conversations(); });
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/harness/browser.ts';
import { EmulatorControl } from '../../emulator/control-client.ts';
import { startStack, type Stack, type StackOptions } from '../../scripts/harness/stack.ts';

export interface BrowserFixture {
  readonly browser: Browser;
}

export interface StackFixture {
  readonly stack: Stack;
  /** The emulator's control API: plays the agent, reads what Flex holds, injects faults. */
  readonly flex: EmulatorControl;
}

export type RealStackFixture = BrowserFixture & StackFixture;

/** A value set by a `before` hook; reading it earlier is a mistake in the test, said plainly. */
class Slot<T> {
  private value: T | undefined;
  constructor(private readonly what: string) {}
  get(): T {
    if (this.value === undefined)
      throw new Error(`${this.what} is not started: read it inside a test, after the fixture's before hook`);
    return this.value;
  }
  set(value: T | undefined): void {
    this.value = value;
  }
  peek(): T | undefined {
    return this.value;
  }
}

/** Headless Chromium for the tests of this scope, closed after them. */
export function useBrowser(): BrowserFixture {
  const browser = new Slot<Browser>('the browser');
  before(async () => browser.set(await launchChromium()));
  after(async () => {
    await browser.peek()?.close();
    browser.set(undefined);
  });
  return {
    get browser() {
      return browser.get();
    },
  };
}

/** The whole local stack on free ports (emulator, our server, demo host page) for the tests of this scope. */
export function useStack(options: StackOptions = {}): StackFixture {
  const stack = new Slot<Stack>('the stack');
  const flex = new Slot<EmulatorControl>('the stack');
  before(async () => {
    const started = await startStack(options);
    stack.set(started);
    flex.set(new EmulatorControl(started.emulator.url));
  });
  after(async () => {
    await stack.peek()?.close();
    stack.set(undefined);
    flex.set(undefined);
  });
  return {
    get stack() {
      return stack.get();
    },
    get flex() {
      return flex.get();
    },
  };
}

/** Chromium, then the stack, one after the other (so a failing start still leaves the browser to close), closed after the scope's tests. */
export function useRealStack(options: StackOptions = {}): RealStackFixture {
  const browserFixture = useBrowser();
  const stackFixture = useStack(options);
  return {
    get browser() {
      return browserFixture.browser;
    },
    get stack() {
      return stackFixture.stack;
    },
    get flex() {
      return stackFixture.flex;
    },
  };
}
