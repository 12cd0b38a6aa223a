/** The ended view: "This conversation has ended." and "Start new chat". */
import { t } from '../i18n/index.ts';

export function Ended({ onStartNew }: { onStartNew: () => void }) {
  return (
    <div class="ended">
      <p role="status">{t('ended')}</p>
      <button type="button" class="primary" onClick={onStartNew}>
        {t('startNewChat')}
      </button>
    </div>
  );
}
