/**
 * The composer: a growing textarea ("Type a message"; Enter sends, Shift+Enter adds a line),
 * "Send", a character counter, "Attach file" (also drag and drop, paste) with validation
 * before upload. The draft is saved as it is typed, so it survives a reload.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { WidgetConfig } from '../../contracts/widget-config.ts';
import type { LiveConversation } from '../chat/live-conversation.ts';
import { acceptAttribute, checkFile, formatBytes, middleTruncate } from '../chat/files.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { locale, t } from '../i18n/index.ts';
import { PendingImage } from './PendingImage.tsx';
import { RemoveButton } from './RemoveButton.tsx';

export const MAX_MESSAGE_LENGTH = 4096;
/** The counter appears once this few characters are left. */
const COUNTER_FROM = 500;

interface Props {
  conversation: LiveConversation;
  attachments: WidgetConfig['attachments'];
  initialDraft: string;
  saveDraft: (text: string) => void;
  /** Files dropped on the panel arrive here. */
  dropped: File | undefined;
  clearDropped: () => void;
}

export function Composer({ conversation, attachments, initialDraft, saveDraft, dropped, clearDropped }: Props) {
  const [text, setText] = useState(initialDraft);
  const [file, setFile] = useState<File | undefined>();
  const [fileError, setFileError] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const ended = conversation.ended.value;
  const left = MAX_MESSAGE_LENGTH - text.length;

  useLayoutEffect(() => {
    // Grow with the content (CSSOM, capped by max-height in CSS).
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [text]);

  const choose = (candidate: File | undefined): void => {
    if (!candidate || !attachments.enabled) return;
    const check = checkFile(candidate, {
      extensions: attachments.extensions,
      maxFileBytes: attachments.maxFileBytes,
      sdkMaxFileBytes: conversation.sdkMaxFileBytes(),
    });
    if (check.ok) {
      setFile(candidate);
      setFileError('');
    } else if (check.reason === 'size') {
      setFileError(
        t('fileTooLarge', { file: withoutBidiControls(candidate.name), limit: formatBytes(check.limit, locale()) }),
      );
    } else {
      setFileError(
        t('fileTypeNotAllowed', { file: withoutBidiControls(candidate.name), types: check.allowed.join(', ') }),
      );
    }
  };

  // The chat view appeared (a chat started, resumed or was reloaded): the visitor types next. Only
  // when the widget has focus (the visitor is in it), never to take it from the host page.
  useEffect(() => {
    if (document.hasFocus()) area.current?.focus();
  }, []);

  useEffect(() => {
    if (!dropped) return;
    choose(dropped);
    clearDropped();
  }, [dropped]);

  const send = (): void => {
    const body = text.trim();
    if (ended || left < 0 || (!body && !file)) return;
    conversation.send(body, file);
    setText('');
    setFile(undefined);
    setFileError('');
    saveDraft('');
    area.current?.focus();
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {fileError && (
        <p class="file-error" role="alert">
          {fileError}
        </p>
      )}
      {file && (
        <p class="selected-file">
          <PendingImage file={file} />
          <span class="chip-name" title={withoutBidiControls(file.name)}>
            {middleTruncate(withoutBidiControls(file.name))}
          </span>{' '}
          <span class="chip-size">{formatBytes(file.size, locale())}</span>
          <RemoveButton file={withoutBidiControls(file.name)} onClick={() => setFile(undefined)} />
        </p>
      )}
      <div class="composer-row">
        {attachments.enabled && (
          <>
            <input
              ref={picker}
              type="file"
              class="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              accept={acceptAttribute(attachments.extensions)}
              onChange={(e) => {
                const input = e.currentTarget;
                choose(input.files?.[0]);
                input.value = '';
              }}
            />
            <button
              type="button"
              class="icon-button"
              aria-label={t('attachFile')}
              title={t('attachFile')}
              disabled={ended}
              onClick={() => picker.current?.click()}
            >
              <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z" />
              </svg>
            </button>
          </>
        )}
        <textarea
          ref={area}
          id="composer-input"
          rows={1}
          value={text}
          aria-label={t('typeMessage')}
          placeholder={t('typeMessage')}
          aria-describedby="composer-counter"
          disabled={ended}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setText(value);
            saveDraft(value);
            if (value) conversation.composing();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          onPaste={(e) => {
            const pasted = e.clipboardData?.files?.[0];
            if (pasted) {
              e.preventDefault();
              choose(pasted);
            }
          }}
        />
        <button type="submit" class="send" disabled={ended || left < 0 || (!text.trim() && !file)}>
          {t('send')}
        </button>
      </div>
      <p id="composer-counter" class={left < 0 ? 'counter over' : 'counter'} aria-live="polite">
        {left <= COUNTER_FROM
          ? left >= 0
            ? t('charactersLeft', { count: left })
            : t('charactersOver', { count: -left })
          : ''}
      </p>
    </form>
  );
}
