/**
 * End to end, the agent console as a demo uses it: auto-agent switched off in the console's
 * toolbar, so a visitor's chat waits; "Accept as Sam" from the console, and the visitor's widget
 * shows Sam (name in the header, author of the reply); auto-agent back on, and Alex takes the next.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useRealStack } from '../support/fixtures.ts';
import {
  collectPageErrors,
  conversationWith,
  messageLog,
  openPanel,
  startChat,
  waitFor,
  widget,
} from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: true, autoAgentDelayMs: 300 } });

async function visitorPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  return { page, errors };
}

test('auto-agent off in the console: the visitor waits; "Accept as Sam" and the widget shows Sam; on again: Alex', async () => {
  const agentConsole = await (await rig.browser.newContext()).newPage();
  await agentConsole.goto(`${rig.stack.emulator.url}/agent`);
  const autoAgent = agentConsole.getByRole('switch', { name: 'Auto-agent' });
  await waitFor('the console knows the settings', () => autoAgent.isEnabled());
  assert.equal(await autoAgent.isChecked(), true, 'on, as the emulator was started');
  await autoAgent.uncheck();
  await waitFor('auto-agent is off in the emulator', async () => !(await rig.flex.settings()).autoAgent);

  // A visitor asks; nobody accepts: the console shows the chat waiting.
  const ann = await visitorPage();
  await startChat(ann.page, { name: 'Ann', question: 'Is anyone there?' });
  const conversation = await conversationWith(rig.flex, 'Is anyone there?');
  const entry = agentConsole.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /^Ann\b/ });
  await entry.getByText('waiting').waitFor();
  await new Promise((resolve) => setTimeout(resolve, 1000)); // > the auto-agent's 300 ms
  const waiting = await rig.flex.conversation(conversation.sid);
  assert.equal(waiting.waitingForAgent, true);
  assert.equal(waiting.participants.filter((p) => p.role === 'agent').length, 0, 'no agent joined');

  // Accept as Sam: the widget shows Sam in its header and as the reply's author.
  await agentConsole.getByLabel('Agent name').fill('Sam');
  await entry.click();
  await agentConsole.getByRole('button', { name: 'Accept as Sam' }).click();
  await widget(ann.page).getByRole('heading', { level: 1, name: 'Sam' }).waitFor();
  const agent = (await rig.flex.conversation(conversation.sid)).participants.find((p) => p.role === 'agent');
  assert.deepEqual([agent?.identity, agent?.friendlyName], ['agent.sam', 'Sam']);
  await agentConsole.getByLabel('Reply').fill('Hi Ann, Sam here.');
  await agentConsole.getByLabel('Reply').press('Enter');
  await messageLog(ann.page).getByText('Hi Ann, Sam here.').waitFor();
  await messageLog(ann.page).getByText('Sam', { exact: true }).first().waitFor();
  assert.equal(await messageLog(ann.page).getByText('agent.sam').count(), 0, 'never the raw identity');

  // Auto-agent on again: the next visitor gets Alex by themselves.
  await autoAgent.check();
  const bo = await visitorPage();
  await startChat(bo.page, { name: 'Bo', question: 'Second visitor here' });
  await widget(bo.page).getByRole('heading', { level: 1, name: 'Alex' }).waitFor();
  assert.deepEqual([...ann.errors, ...bo.errors], []);
});
