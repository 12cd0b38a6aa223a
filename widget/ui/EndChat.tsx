/**
 * "End chat" in the header, with its confirmation ("End this chat?" / "End chat" / "Cancel"): focus
 * goes to Cancel when it opens and back to the header button when it closes; Escape cancels.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

interface Props {
  /** Ends the chat; false when it could not be ended. */
  onEnd: () => Promise<boolean>;
}

export function EndChat({ onEnd }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);

  const close = (): void => {
    setConfirming(false);
    setFailed(false);
    opener.current?.focus();
  };
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setFailed(false);
    const ended = await onEnd();
    setBusy(false);
    if (ended) setConfirming(false);
    else setFailed(true);
  };

  return (
    <>
      <button
        ref={opener}
        type="button"
        class="header-button"
        aria-expanded={confirming}
        aria-controls="end-chat-confirm"
        onClick={() => (confirming ? close() : setConfirming(true))}
      >
        {t('endChat')}
      </button>
      {confirming && (
        <div
          id="end-chat-confirm"
          class="confirm"
          role="alertdialog"
          aria-labelledby="end-chat-question"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.stopPropagation();
            close();
          }}
        >
          <p id="end-chat-question">{t('endChatQuestion')}</p>
          {failed && (
            <p class="field-error" role="alert">
              {t('endChatFailed')}
            </p>
          )}
          <div class="confirm-actions">
            <button ref={cancel} type="button" class="secondary" onClick={close}>
              {t('cancel')}
            </button>
            <button type="button" class="primary danger" disabled={busy} onClick={() => void confirm()}>
              {t('endChat')}
            </button>
          </div>
        </div>
      )}
    </>
  );
}
