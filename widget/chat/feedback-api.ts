/**
 * The post-chat survey's call, POST /api/webchat/feedback (contracts/webchat-api.ts): part of the
 * chat view's chunk, not of the first paint.
 */
import {
  isFeedbackAnswer,
  WEBCHAT_API,
  type FeedbackAnswer,
  type FeedbackRequest,
} from '../../contracts/webchat-api.ts';
import { post } from './api.ts';

export function sendFeedback(request: FeedbackRequest, fetchImpl: typeof fetch = fetch): Promise<FeedbackAnswer> {
  return post(WEBCHAT_API.feedback, request, isFeedbackAnswer, fetchImpl);
}
