/**
 * "Download transcript" (in the header while the chat is on, and in the ended view): opens a choice
 * of plain text or a printable page; the file is built in the browser by a lazy chunk
 * (widget/chat/transcript-download.ts). Focus goes to the first choice when it opens and back to
 * the button when it closes; Escape closes it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveConversation } from '../chat/live-conversation.ts';
import type { TranscriptFormat } from '../chat/transcript.ts';
import { t } from '../i18n/index.ts';

interface Props {
  conversation: LiveConversation;
  /** In the header: an icon button, the choice in a popover. */
  inHeader?: boolean;
}

export function TranscriptMenu({ conversation, inHeader = false }: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const id = inHeader ? 'transcript-choice-header' : 'transcript-choice';
  const label = t('downloadTranscript');

  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);

  const close = (): void => {
    setOpen(false);
    setFailed(false);
    opener.current?.focus();
  };
  const save = async (format: TranscriptFormat): Promise<void> => {
    setBusy(true);
    setFailed(false);
    try {
      const { downloadTranscript } = await import('../chat/transcript-download.ts');
      await downloadTranscript(conversation, format);
      close();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      class="transcript"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        e.preventDefault();
        e.stopPropagation();
        close();
      }}
    >
      <button
        ref={opener}
        type="button"
        class={inHeader ? 'icon-button' : 'secondary'}
        aria-expanded={open}
        aria-controls={id}
        aria-label={inHeader ? label : undefined}
        title={inHeader ? label : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {inHeader ? (
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M5 20h14v-2H5zM19 9h-4V3H9v6H5l7 7z" />
          </svg>
        ) : (
          label
        )}
      </button>
      {open && (
        <div id={id} class={inHeader ? 'confirm' : 'transcript-choice'} role="group" aria-label={label}>
          <div class="confirm-actions">
            <button ref={first} type="button" class="secondary" disabled={busy} onClick={() => void save('text')}>
              {t('transcriptText')}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => void save('html')}>
              {t('transcriptHtml')}
            </button>
          </div>
          {failed && (
            <p class="field-error" role="alert">
              {t('transcriptFailed')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
