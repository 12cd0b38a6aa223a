/**
 * An attachment in a message: a thumbnail for images, which opens the image viewer (a click or
 * Enter; widget/ui/Lightbox.tsx, a lazy chunk), a download chip (name, size) for anything else.
 * URLs are temporary: fetched on demand and fetched again when stale.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatMedia, ChatMessage } from '../chat/types.ts';
import { formatBytes, isPreviewableImage } from '../chat/files.ts';
import { locale, t } from '../i18n/index.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';

/** Temporary media URLs last about five minutes; refresh well before. */
export const URL_STALE_MS = 4 * 60 * 1000;

interface Props {
  message: ChatMessage;
  media: ChatMedia;
  index: number;
  fetchUrl: (message: ChatMessage, index: number) => Promise<string>;
}

type LightboxView = (typeof import('./Lightbox.tsx'))['Lightbox'];
let lightbox: Promise<LightboxView> | undefined;
/** The image viewer's chunk, loaded once, at the first image opened. */
function loadLightbox(): Promise<LightboxView> {
  lightbox ??= import('./Lightbox.tsx').then((m) => m.Lightbox);
  return lightbox;
}

function useTemporaryUrl({ message, index, fetchUrl }: Props) {
  const [url, setUrl] = useState<string | undefined>();
  const fetchedAt = useRef(0);
  const pending = useRef<Promise<string | undefined> | undefined>(undefined);
  const refresh = (force = false): Promise<string | undefined> => {
    if (!force && url && Date.now() - fetchedAt.current < URL_STALE_MS) return Promise.resolve(url);
    pending.current ??= fetchUrl(message, index)
      .then((u) => {
        fetchedAt.current = Date.now();
        setUrl(u);
        return u;
      })
      .catch(() => undefined)
      .finally(() => {
        pending.current = undefined;
      });
    return pending.current;
  };
  return { url, refresh };
}

export function Attachment(props: Props) {
  const { media } = props;
  const filename = withoutBidiControls(media.filename);
  const { url, refresh } = useTemporaryUrl(props);
  const retried = useRef(false);
  const thumb = useRef<HTMLButtonElement>(null);
  /** The viewer, while it is open (its component, once its chunk has loaded). */
  const [viewer, setViewer] = useState<LightboxView | undefined>();
  const isImage = isPreviewableImage(media.contentType);
  useEffect(() => {
    void refresh();
  }, [media.sid]);
  // "Download {file}" around the file name, in whatever order the language puts them.
  const [before = '', after = ''] = t('download', { file: '\u0000' }).split('\u0000');

  if (isImage) {
    const view = async (): Promise<void> => {
      const [fresh, Lightbox] = await Promise.all([refresh(), loadLightbox()]);
      if (fresh) setViewer(() => Lightbox);
    };
    const Viewer = viewer;
    return (
      <>
        <button
          ref={thumb}
          type="button"
          class="thumb"
          aria-haspopup="dialog"
          aria-label={t('imageAlt', { file: filename })}
          onClick={() => void view()}
          onMouseEnter={() => void refresh()}
          onFocus={() => void refresh()}
        >
          {url ? (
            <img
              src={url}
              alt={t('imageAlt', { file: filename })}
              loading="lazy"
              onError={() => {
                // The temporary URL went stale: fetch a fresh one, once.
                if (retried.current) return;
                retried.current = true;
                void refresh(true);
              }}
            />
          ) : (
            <span class="thumb-placeholder">{filename}</span>
          )}
        </button>
        {Viewer && url && (
          <Viewer src={url} filename={filename} opener={thumb.current} onClose={() => setViewer(undefined)} />
        )}
      </>
    );
  }
  return (
    <a
      class="chip"
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      download={filename}
      onMouseEnter={() => void refresh()}
      onFocus={() => void refresh()}
    >
      {/* Named by its content, "Download invoice.pdf 1.2 KB": the visible name and size are part of it. */}
      {before.trim() && <span class="visually-hidden">{before.trim()} </span>}
      <span class="chip-name">{filename}</span>
      {after.trim() && <span class="visually-hidden"> {after.trim()}</span>}{' '}
      <span class="chip-size">{formatBytes(media.size, locale())}</span>
    </a>
  );
}
