/**
 * The image viewer: an image of the conversation over the whole panel, in a modal <dialog> named
 * "Image: photo.png", with a download link and a close button. Escape closes it (without closing
 * the panel), Tab stays inside it, and focus goes back to the image that opened it. Its own lazy
 * chunk, loaded at the first click on an image; its styles are in chat.css.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { CloseIcon } from './CloseIcon.tsx';

interface Props {
  /** The media's temporary URL. */
  src: string;
  /** The file's name, bidi controls already removed. */
  filename: string;
  /** Where focus goes back (the thumbnail). */
  opener: HTMLElement | null;
  onClose: () => void;
}

export function Lightbox({ src, filename, opener, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const name = t('imageAlt', { file: filename });
  const download = t('download', { file: filename });

  useLayoutEffect(() => {
    const el = dialog.current;
    if (!el) return;
    el.showModal();
    close.current?.focus();
    return () => {
      el.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      class="lightbox"
      aria-label={name}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          // The viewer closes, not the panel (the widget closes the panel on an Escape reaching the document).
          e.preventDefault();
          e.stopPropagation();
          onClose();
        } else if (e.key === 'Tab') {
          // Focus stays in the viewer: from the last control to the first and back.
          const controls = [...e.currentTarget.querySelectorAll<HTMLElement>('a[href], button')];
          const first = controls[0];
          const last = controls[controls.length - 1];
          const at = document.activeElement;
          if (e.shiftKey && (at === first || !controls.includes(at as HTMLElement))) {
            e.preventDefault();
            last?.focus();
          } else if (!e.shiftKey && (at === last || !controls.includes(at as HTMLElement))) {
            e.preventDefault();
            first?.focus();
          }
        }
      }}
      onClick={(e) => {
        // A click on the dark surround (the dialog itself, not the image or a control) closes it.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <img src={src} alt={name} />
      <div class="lightbox-actions">
        <a
          class="icon-button"
          href={src}
          download={filename}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={download}
          title={download}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M11 4h2v9.2l3.6-3.6 1.4 1.4-6 6-6-6 1.4-1.4 3.6 3.6zM5 18h14v2H5z" />
          </svg>
        </a>
        <button
          ref={close}
          type="button"
          class="icon-button"
          aria-label={t('closeImage')}
          title={t('closeImage')}
          onClick={onClose}
        >
          <CloseIcon size={20} />
        </button>
      </div>
    </dialog>
  );
}
