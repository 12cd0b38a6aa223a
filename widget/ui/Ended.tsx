/**
 * The ended view: why ("This conversation has ended." or "Your session has expired."), what the chat
 * view adds (the survey, the transcript), "Start new chat" and, for a verified customer, "Previous conversations".
 */
import type { ComponentChildren } from 'preact';
import type { EndReason } from '../chat/types.ts';
import { t } from '../i18n/index.ts';

interface Props {
  reason: EndReason;
  onStartNew: () => void;
  children?: ComponentChildren;
  /** "Previous conversations", for a verified customer (PreviousEntry.tsx). */
  previousEntry?: ComponentChildren;
}

export function Ended({ reason, onStartNew, children, previousEntry }: Props) {
  return (
    <div class="ended">
      <p role="status">{reason === 'sessionExpired' ? t('sessionExpired') : t('ended')}</p>
      {children}
      <button type="button" class="primary" onClick={onStartNew}>
        {t('startNewChat')}
      </button>
      {previousEntry}
    </div>
  );
}
