/** The ended footer: why the chat ended, announced, and "Start new chat". */
import { Ended } from '../../widget/ui/Ended.tsx';
import { equal } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount } from './support/mount.ts';
import { describe, it } from './support/mocha.ts';

describe('Ended', () => {
  it('says the conversation ended, as a status, and "Start new chat" starts one', async () => {
    let started = 0;
    const app = await mount(<Ended reason="closed" onStartNew={() => (started += 1)} />, { height: 200 });
    const status = app.querySelector('[role="status"]');
    equal(status?.textContent, 'This conversation has ended.');
    const button = [...app.querySelectorAll('button')].find((b) => b.textContent === 'Start new chat');
    button?.click();
    equal(started, 1);
    await assertAccessible(app);
  });

  it('says the session expired when the server refused it, in the dark theme too', async () => {
    const app = await mount(<Ended reason="sessionExpired" onStartNew={() => undefined} />, { theme: 'dark' });
    equal(app.querySelector('[role="status"]')?.textContent, 'Your session has expired.');
    await assertAccessible(app, 'the dark theme');
  });
});
