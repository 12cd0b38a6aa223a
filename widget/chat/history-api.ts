/**
 * A verified customer's previous conversations from the widget's own server (POST
 * /api/webchat/history and /history/conversation, contracts/webchat-api.ts), with the identity
 * token the host page passed. Loaded with the previous-conversations view only.
 */
import {
  isHistoryAnswer,
  isPastConversationAnswer,
  type HistoryAnswer,
  type HistoryRequest,
  type PastConversationAnswer,
  type PastConversationRequest,
} from '../../contracts/previous-conversations.ts';
import { WEBCHAT_API } from '../../contracts/webchat-api.ts';
import { post } from './api.ts';

export function listPreviousConversations(
  identityToken: string,
  fetchImpl: typeof fetch = fetch,
): Promise<HistoryAnswer> {
  const request: HistoryRequest = { identityToken };
  return post(WEBCHAT_API.history, request, isHistoryAnswer, fetchImpl);
}

export function readPreviousConversation(
  identityToken: string,
  conversationSid: string,
  fetchImpl: typeof fetch = fetch,
): Promise<PastConversationAnswer> {
  const request: PastConversationRequest = { identityToken, conversationSid };
  return post(WEBCHAT_API.pastConversation, request, isPastConversationAnswer, fetchImpl);
}
