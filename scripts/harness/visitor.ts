/**
 * A visitor's steps in the widget on the demo host page (open the panel, fill the form, type,
 * attach, read the bubbles), and the emulator's control API (emulator/control-client.ts)
 * re-exported: shared by the end-to-end tests, the benchmarks and the scripts.
 */
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';

export {
  EmulatorControl,
  type ConversationSummary,
  type ConversationDetail,
  type ControlMedia,
  type ControlMessage,
  type ControlParticipant,
} from '../../emulator/control-client.ts';
import type {
  ConversationDetail,
  ConversationSummary,
  ControlParticipant,
  EmulatorControl,
} from '../../emulator/control-client.ts';
import { waitFor } from './wait.ts';

/** The widget inside the loader's iframe. */
export function widget(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Chat"]');
}

export function messageLog(page: Page) {
  return widget(page).getByRole('log', { name: 'Messages' });
}

/** The launcher's accessible name starts with "Open chat" while the panel is closed. */
export async function openPanel(page: Page): Promise<FrameLocator> {
  await page.getByRole('button', { name: /^Open chat/ }).click();
  return widget(page);
}

export interface Visitor {
  name: string;
  email?: string;
  question: string;
}

/** Fills and sends the pre-engagement form; resolves when the composer is ready. */
export async function startChat(page: Page, visitor: Visitor): Promise<void> {
  const w = widget(page);
  await w.getByLabel('Name').fill(visitor.name);
  if (visitor.email) await w.getByLabel('Email').fill(visitor.email);
  await w.getByLabel('How can we help?').fill(visitor.question);
  await w.getByRole('button', { name: 'Start chat' }).click();
  await w.getByRole('textbox', { name: 'Type a message' }).waitFor();
}

/** Types a message in the composer and presses Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const box = widget(page).getByRole('textbox', { name: 'Type a message' });
  await box.fill(text);
  await box.press('Enter');
}

/** Chooses a file through the "Attach file" button (a real file chooser) and presses "Send". */
export async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const w = widget(page);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    w.getByRole('button', { name: 'Attach file' }).click(),
  ]);
  await chooser.setFiles(file);
  await w.getByRole('button', { name: `Remove ${file.name}` }).waitFor();
  await w.getByRole('button', { name: 'Send', exact: true }).click();
}

/** The bodies of the messages in the log, in order, as the visitor reads them. */
export async function bubbles(page: Page): Promise<string[]> {
  return messageLog(page).locator('.bubble').allInnerTexts();
}

/** Text messages of a conversation in the emulator, by author. */
export function bodiesBy(conversation: ConversationDetail, author: string): string[] {
  return conversation.messages.filter((m) => m.author === author && m.body).map((m) => m.body!);
}

/** The conversation in the emulator whose messages include `question`, once it is there. */
export async function conversationWith(flex: EmulatorControl, question: string): Promise<ConversationDetail> {
  return waitFor(`the conversation "${question}"`, async () => {
    for (const c of await flex.conversations()) {
      const full = await flex.conversation(c.sid);
      if (full.messages.some((m) => m.body === question)) return full;
    }
    return undefined;
  });
}

/** The visitor's identity in a conversation (the customer participant). */
export function customerOf(conversation: ConversationSummary): ControlParticipant {
  const customer = conversation.participants.find((p) => p.role === 'customer');
  if (!customer) throw new Error(`no customer in ${conversation.sid}`);
  return customer;
}

/** Collects uncaught page errors in every frame of a context's pages. */
export function collectPageErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  const watch = (page: Page): void => {
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return errors;
}
