/** An × icon button that removes a file: its accessible name ("Remove invoice.pdf") is never shown as text. */
import { t } from '../i18n/index.ts';
import { CloseIcon } from './CloseIcon.tsx';

export function RemoveButton({ file, onClick }: { file: string; onClick: () => void }) {
  const name = t('removeAttachment', { file });
  return (
    <button type="button" class="icon-button remove" aria-label={name} title={name} onClick={onClick}>
      <CloseIcon size={16} />
    </button>
  );
}
