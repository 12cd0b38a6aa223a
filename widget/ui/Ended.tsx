/** The ended view: why ("This conversation has ended." or "Your session has expired.") and "Start new chat". */
import type { EndReason } from '../chat/types.ts';
import { t } from '../i18n/index.ts';

export function Ended({ reason, onStartNew }: { reason: EndReason; onStartNew: () => void }) {
  return (
    <div class="ended">
      <p role="status">{reason === 'sessionExpired' ? t('sessionExpired') : t('ended')}</p>
      <button type="button" class="primary" onClick={onStartNew}>
        {t('startNewChat')}
      </button>
    </div>
  );
}
