/** An attachment in a message: a download chip named by what it shows, or an image thumbnail with its alt text. */
import type { ChatMedia, ChatMessage } from '../../widget/chat/types.ts';
import { Attachment } from '../../widget/ui/Attachment.tsx';
import { equal, ok } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount } from './support/mount.ts';
import { describe, it } from './support/mocha.ts';
import { waitFor } from './support/wait.ts';

/** A 2 × 2 PNG, so an <img> really loads. */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP8z8Dwn4GBgYGJgYGBAQAkHgMBb0ivxQAAAABJRU5ErkJggg==';

function message(media: ChatMedia): ChatMessage {
  return { sid: 'IM1', index: 1, author: 'agent', body: '', time: Date.now(), media: [media] };
}

describe('Attachment', () => {
  it('a file is a download link named "Download <file> <size>", which contains its visible text', async () => {
    const media: ChatMedia = { sid: 'ME1', filename: 'invoice.pdf', contentType: 'application/pdf', size: 1234 };
    const asked: number[] = [];
    const app = await mount(
      <div class="message">
        <Attachment
          message={message(media)}
          media={media}
          index={0}
          fetchUrl={async (_m, i) => {
            asked.push(i);
            return 'https://media.example.test/invoice.pdf';
          }}
        />
      </div>,
      { height: 120 },
    );
    const link = await waitFor('the link with its URL', () => app.querySelector<HTMLAnchorElement>('a.chip[href]'));
    equal(link.href, 'https://media.example.test/invoice.pdf');
    equal(link.getAttribute('download'), 'invoice.pdf');
    equal(link.rel, 'noopener noreferrer');
    equal(link.textContent?.replace(/\s+/g, ' ').trim(), 'Download invoice.pdf 1.2 kB');
    const visible = [...link.querySelectorAll('span:not(.visually-hidden)')].map((s) => s.textContent).join(' ');
    equal(visible, 'invoice.pdf 1.2 kB');
    equal(asked.length, 1, 'the temporary URL is fetched once');
    await assertAccessible(app, 'the download chip');
  });

  it('an image is a thumbnail button (it opens the image viewer) with "Image: <file>" as its name', async () => {
    const media: ChatMedia = { sid: 'ME2', filename: 'parcel.png', contentType: 'image/png', size: 70 };
    const app = await mount(
      <div class="message">
        <Attachment message={message(media)} media={media} index={0} fetchUrl={async () => PNG} />
      </div>,
      { height: 200, theme: 'dark' },
    );
    const img = await waitFor('the loaded image', () => {
      const el = app.querySelector<HTMLImageElement>('button.thumb img');
      return el?.complete && el.naturalWidth > 0 ? el : undefined;
    });
    equal(img.alt, 'Image: parcel.png');
    ok(img.closest('button')?.getAttribute('aria-label') === 'Image: parcel.png');
    equal(img.closest('button')?.getAttribute('aria-haspopup'), 'dialog');
    await assertAccessible(app, 'the thumbnail');
  });
});
