/** A visitor in Chromium: the demo host page → the loader → the widget with the real SDK → our server. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { EmulatorControl } from '../../emulator/control-client.ts';
import type { Stack } from '../harness/stack.ts';
import { waitFor } from '../../scripts/harness/wait.ts';
import { messageLog, openPanel, startChat, widget } from '../harness/visitor.ts';
import { within, type SoakChat } from './chat.ts';

const ACTION_MS = 5_000;

export class BrowserChat implements SoakChat {
  readonly kind = 'browser';
  readonly pageErrors: string[] = [];

  private constructor(
    readonly index: number,
    readonly label: string,
    readonly conversationSid: string,
    readonly identity: string,
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {}

  static async start(browser: Browser, stack: Stack, flex: EmulatorControl, index: number): Promise<BrowserChat> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(stack.hostUrl);
    await openPanel(page);
    const question = `Soak chat ${index}: where is my parcel? (${Date.now()})`;
    await startChat(page, { name: `Browser visitor ${index}`, question });
    const conversation = await waitFor('the browser chat in Flex', async () => {
      for (const summary of await flex.conversations()) {
        const detail = await flex.conversation(summary.sid);
        if (detail.messages.some((m) => m.body === question)) return detail;
      }
      return undefined;
    });
    const customer = conversation.participants.find((p) => p.role === 'customer');
    if (!customer) throw new Error(`no customer in ${conversation.sid}`);
    const chat = new BrowserChat(index, `browser ${index}`, conversation.sid, customer.identity, context, page);
    chat.pageErrors.push(...errors);
    page.on('pageerror', (error) => chat.pageErrors.push(error.message));
    return chat;
  }

  async send(body: string): Promise<boolean> {
    try {
      const box = widget(this.page).getByRole('textbox', { name: 'Type a message' });
      await box.fill(body, { timeout: ACTION_MS });
      await box.press('Enter', { timeout: ACTION_MS });
      return true;
    } catch {
      return false;
    }
  }

  async shown(): Promise<string[] | undefined> {
    try {
      return await within(ACTION_MS, messageLog(this.page).locator('.bubble').allInnerTexts(), 'reading the log');
    } catch {
      return undefined;
    }
  }

  async reload(): Promise<void> {
    await this.page.reload({ timeout: 30_000 });
    const launcher = this.page.getByRole('button', { name: /^Open chat/ });
    const composer = widget(this.page).getByRole('textbox', { name: 'Type a message' });
    await waitFor(
      'the chat back after a reload',
      async () => {
        if (await composer.isVisible()) return true;
        if (await launcher.isVisible()) await launcher.click({ timeout: ACTION_MS });
        return false;
      },
      30_000,
    );
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
