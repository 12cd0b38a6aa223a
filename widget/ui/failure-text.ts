/** The visitor-facing words for the controller's failure codes (widget/chat/failures.ts). */
import type { ConnectFailure, InitFailure } from '../chat/failures.ts';
import { t } from '../i18n/index.ts';

export function initFailureText(failure: InitFailure): string {
  switch (failure.code) {
    case 'rate_limited':
      return failure.retryAfter ? t('rateLimited', { seconds: failure.retryAfter }) : t('rateLimitedShort');
    case 'unreachable':
      return t('networkError');
    case 'signInRequired':
    case 'signInNotConfirmed':
      return t(failure.code);
    case 'refused':
      return failure.detail ? `${t('initFailed')} ${failure.detail}` : t('initFailed');
    case 'offline':
      return t('offlineTitle');
    case 'botCheck':
      return t('botCheckFailed');
  }
}

export function connectFailureText(failure: ConnectFailure): string {
  switch (failure.code) {
    case 'unreachable':
      return t('networkError');
  }
}
