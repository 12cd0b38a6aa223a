/** An × icon button that removes a file: its accessible name ("Remove invoice.pdf") is never shown as text. */
import { t } from '../i18n/index.ts';

export function RemoveButton({ file, onClick }: { file: string; onClick: () => void }) {
  const name = t('removeAttachment', { file });
  return (
    <button type="button" class="icon-button remove" aria-label={name} title={name} onClick={onClick}>
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
        <path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
      </svg>
    </button>
  );
}
