/**
 * The image viewer (widget/ui/Lightbox.tsx): a modal dialog named after the image, focus on its
 * close button, Tab kept inside, Escape closes it and focus goes back to the thumbnail that opened
 * it; a download link to the image; no axe violations.
 */
import { sendKeys } from '@web/test-runner-commands';
import { useRef, useState } from 'preact/hooks';
import { Lightbox } from '../../widget/ui/Lightbox.tsx';
import { equal, ok } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount } from './support/mount.ts';
import { describe, it } from './support/mocha.ts';
import { waitFor } from './support/wait.ts';

/** A 2 × 2 PNG, so an <img> really loads. */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP8z8Dwn4GBgYGJgYGBAQAkHgMBb0ivxQAAAABJRU5ErkJggg==';

function Thumbnail() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <div class="message">
      <button ref={opener} type="button" class="thumb" aria-label="Image: parcel.png" onClick={() => setOpen(true)}>
        parcel.png
      </button>
      {open && <Lightbox src={PNG} filename="parcel.png" opener={opener.current} onClose={() => setOpen(false)} />}
    </div>
  );
}

describe('Lightbox', () => {
  it('a modal dialog named after the image; Tab stays inside; Escape closes it and focus returns', async () => {
    const app = await mount(<Thumbnail />, { height: 400 });
    const thumb = app.querySelector<HTMLButtonElement>('button.thumb')!;
    thumb.focus();
    thumb.click();
    const dialog = await waitFor('the viewer', () => app.querySelector<HTMLDialogElement>('dialog.lightbox[open]'));
    equal(dialog.getAttribute('aria-label'), 'Image: parcel.png');
    ok(dialog.matches(':modal'), 'modal: the rest of the panel is inert');
    const close = dialog.querySelector<HTMLButtonElement>('button')!;
    equal(document.activeElement, close, 'focus on "Close image"');
    equal(close.getAttribute('aria-label'), 'Close image');
    const download = dialog.querySelector<HTMLAnchorElement>('a[download]')!;
    equal(download.getAttribute('download'), 'parcel.png');
    equal(download.getAttribute('href'), PNG);
    await assertAccessible(app, 'the image viewer');

    await sendKeys({ press: 'Tab' });
    equal(document.activeElement, download, 'Tab wraps from the last control to the first');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    equal(document.activeElement, close, 'Shift+Tab wraps back');

    await sendKeys({ press: 'Escape' });
    await waitFor('the viewer to close', () => (app.querySelector('dialog.lightbox') ? undefined : true));
    equal(document.activeElement, thumb, 'focus back on the thumbnail');
  });
});
