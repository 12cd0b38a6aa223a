/**
 * A returning visitor's latest messages from the widget's own server (POST /api/webchat/recent,
 * contracts/recent-messages.ts), shown while the SDK connects. The request is sent from the first
 * paint (`sendRecentRequest`, before the dozen chunks a resume preloads take the browser's six
 * connections); its answer is checked here, in a lazy chunk that only a resume loads.
 */
import { isRecentAnswer } from '../../contracts/recent-messages.ts';
import type { PastMessage } from '../../contracts/previous-conversations.ts';
import { ApiError } from './api.ts';

export async function recentMessagesOf(answer: Promise<unknown>): Promise<PastMessage[]> {
  const value = await answer;
  if (!isRecentAnswer(value)) throw new ApiError(200, 'invalid_response', '');
  return value.messages;
}
