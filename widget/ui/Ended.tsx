/**
 * The ended view: why ("This conversation has ended." or "Your session has expired."), what the chat
 * view adds (the survey, the transcript), and "Start new chat".
 */
import type { ComponentChildren } from 'preact';
import type { EndReason } from '../chat/types.ts';
import { t } from '../i18n/index.ts';

interface Props {
  reason: EndReason;
  onStartNew: () => void;
  children?: ComponentChildren;
}

export function Ended({ reason, onStartNew, children }: Props) {
  return (
    <div class="ended">
      <p role="status">{reason === 'sessionExpired' ? t('sessionExpired') : t('ended')}</p>
      {children}
      <button type="button" class="primary" onClick={onStartNew}>
        {t('startNewChat')}
      </button>
    </div>
  );
}
