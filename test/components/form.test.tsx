/** The pre-engagement form: labelled fields, announced validation, focus on the first bad field, Enter submits. */
import { sendKeys } from '@web/test-runner-commands';
import { DEFAULT_PRE_ENGAGEMENT_FORM } from '../../contracts/widget-config.ts';
import { PreEngagementForm } from '../../widget/ui/Form.tsx';
import { deepEqual, equal, ok } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount, nextFrame } from './support/mount.ts';
import { describe, it } from './support/mocha.ts';
import { controllerAtForm } from './support/scripted-chat.ts';

function field(app: HTMLElement, label: string): HTMLInputElement | HTMLTextAreaElement {
  const forId = [...app.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))?.htmlFor;
  const el = forId ? app.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${forId}`) : null;
  ok(el, `a field labelled "${label}"`);
  return el;
}

function alerts(app: HTMLElement): string[] {
  return [...app.querySelectorAll('[role="alert"]')].map((a) => a.textContent ?? '').filter(Boolean);
}

async function typeInto(el: HTMLElement, text: string): Promise<void> {
  el.focus();
  await sendKeys({ type: text });
}

describe('PreEngagementForm', () => {
  it('is labelled and accessible, in both themes', async () => {
    const { controller } = await controllerAtForm();
    for (const theme of ['light', 'dark'] as const) {
      const app = await mount(
        <PreEngagementForm controller={controller} fields={DEFAULT_PRE_ENGAGEMENT_FORM} failure={undefined} />,
        { theme },
      );
      equal(field(app, 'Name').tagName, 'INPUT');
      equal(field(app, 'Email').type, 'email');
      equal(field(app, 'How can we help?').tagName, 'TEXTAREA');
      await assertAccessible(app, `the form (${theme})`);
      app.remove();
    }
  });

  it('refuses empty required fields with natural, announced messages and focuses the first; Enter submits the values', async () => {
    const { controller, requests } = await controllerAtForm();
    const app = await mount(
      <PreEngagementForm controller={controller} fields={DEFAULT_PRE_ENGAGEMENT_FORM} failure={undefined} />,
    );
    [...app.querySelectorAll('button')].find((b) => b.textContent === 'Start chat')?.click();
    await nextFrame();
    deepEqual(alerts(app), ['Please enter your name.', 'Please tell us how we can help.']);
    const name = field(app, 'Name');
    equal(document.activeElement, name, 'focus on the first invalid field');
    equal(name.getAttribute('aria-invalid'), 'true');
    equal(document.getElementById(name.getAttribute('aria-describedby') ?? '')?.textContent, 'Please enter your name.');
    await assertAccessible(app, 'the form with errors');

    await typeInto(name, 'Ann');
    await typeInto(field(app, 'Email'), 'not-an-email');
    await typeInto(field(app, 'How can we help?'), 'Where is my order?');
    await sendKeys({ press: 'Enter' });
    await nextFrame();
    deepEqual(alerts(app), ['Please enter an email address like name@example.com.']);
    equal(document.activeElement, field(app, 'Email'));
    equal(requests.length, 0, 'nothing sent while a field is invalid');

    field(app, 'Email').select();
    await sendKeys({ type: 'ann@example.com' });
    await sendKeys({ press: 'Enter' });
    await nextFrame();
    deepEqual(requests, [
      { friendlyName: 'Ann', question: 'Where is my order?', preEngagementData: { email: 'ann@example.com' } },
    ]);
  });

  it('Shift+Enter adds a line to the question instead of submitting', async () => {
    const { controller, requests } = await controllerAtForm();
    const app = await mount(
      <PreEngagementForm controller={controller} fields={DEFAULT_PRE_ENGAGEMENT_FORM} failure={undefined} />,
    );
    const question = field(app, 'How can we help?');
    await typeInto(question, 'one');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'two' });
    equal(question.value, 'one\ntwo');
    equal(requests.length, 0);
  });
});
