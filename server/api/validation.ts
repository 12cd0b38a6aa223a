/** Validation of the public API's JSON bodies: every rejection names the field and the rule. */
import {
  FEEDBACK_LIMITS,
  type FeedbackRequest,
  type InitRequest,
  type PreEngagementValue,
  type TokenRequest,
} from '../../contracts/webchat-api.ts';
import type { HistoryRequest, PastConversationRequest } from '../../contracts/previous-conversations.ts';
import { isRecord } from '../../contracts/guards.ts';
import { HttpError } from '../errors.ts';
import { VERIFIED_KEY_PREFIX } from '../identity/verified-customer.ts';
import { parseContext } from './context.ts';
import { parseFlatRecord } from './flat-record.ts';

export const LIMITS = {
  friendlyNameMax: 100,
  questionMax: 4096,
  preEngagementKeysMax: 20,
  preEngagementKeyLengthMax: 64,
  preEngagementValueLengthMax: 1024,
  tokenLengthMax: 4096,
} as const;

/** An InitRequest (contracts/webchat-api.ts) once validated: trimmed, a blank question dropped. */
export interface ValidInitRequest extends InitRequest {
  question: string | undefined;
  preEngagementData: Record<string, PreEngagementValue>;
  identityToken: string | undefined;
  context: Record<string, PreEngagementValue> | undefined;
}

const CONVERSATION_SID = /^CH[0-9a-f]{32}$/;

function invalid(message: string): HttpError {
  return new HttpError(400, 'invalid_request', message);
}

function asObject(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
  return body;
}

export function parseInitRequest(body: unknown): ValidInitRequest {
  const input = asObject(body);
  if (typeof input.friendlyName !== 'string')
    throw invalid("friendlyName is required and must be a string (the visitor's name).");
  const friendlyName = input.friendlyName.trim();
  if (friendlyName.length < 1 || friendlyName.length > LIMITS.friendlyNameMax) {
    throw invalid(
      `friendlyName must be 1 to ${LIMITS.friendlyNameMax} characters after trimming (got ${friendlyName.length}).`,
    );
  }

  let question: string | undefined;
  if (input.question !== undefined && input.question !== null) {
    if (typeof input.question !== 'string') throw invalid('question must be a string.');
    question = input.question.trim();
    if (question.length > LIMITS.questionMax)
      throw invalid(`question must be at most ${LIMITS.questionMax} characters (got ${question.length}).`);
    if (question === '') question = undefined;
  }

  const preEngagementData =
    parseFlatRecord(input.preEngagementData, 'preEngagementData', {
      keysMax: LIMITS.preEngagementKeysMax,
      keyLengthMax: LIMITS.preEngagementKeyLengthMax,
      valueLengthMax: LIMITS.preEngagementValueLengthMax,
    }) ?? {};
  // The server's own keys (pre_engagement_data.verified_customer_id): set only from a verified identity token.
  const spoofed = Object.keys(preEngagementData).find((key) => key.startsWith(VERIFIED_KEY_PREFIX));
  if (spoofed !== undefined) {
    throw invalid(`preEngagementData.${spoofed}: keys starting with "${VERIFIED_KEY_PREFIX}" are the server's own.`);
  }

  let identityToken: string | undefined;
  if (input.identityToken !== undefined && input.identityToken !== null) {
    if (typeof input.identityToken !== 'string' || input.identityToken.length === 0)
      throw invalid('identityToken must be a non-empty string (the JWT your back end signed).');
    if (input.identityToken.length > LIMITS.tokenLengthMax)
      throw invalid(`identityToken is longer than ${LIMITS.tokenLengthMax} characters.`);
    identityToken = input.identityToken;
  }
  const context = parseContext(input.context);
  return { friendlyName, question, preEngagementData, identityToken, context };
}

export function parseTokenRequest(body: unknown): TokenRequest {
  const input = asObject(body);
  if (typeof input.token !== 'string' || input.token.length === 0)
    throw invalid('token is required: the access token the widget holds.');
  if (input.token.length > LIMITS.tokenLengthMax)
    throw invalid(`token is longer than ${LIMITS.tokenLengthMax} characters.`);
  if (typeof input.conversationSid !== 'string' || !CONVERSATION_SID.test(input.conversationSid)) {
    throw invalid('conversationSid is required: "CH" followed by 32 hex characters.');
  }
  return { token: input.token, conversationSid: input.conversationSid };
}

/** A FeedbackRequest once validated: the comment trimmed, a blank one dropped. */
export interface ValidFeedbackRequest extends FeedbackRequest {
  comment: string | undefined;
}

export function parseFeedbackRequest(body: unknown): ValidFeedbackRequest {
  const { token, conversationSid } = parseTokenRequest(body);
  const input = asObject(body);
  const { ratingMin, ratingMax, commentMax } = FEEDBACK_LIMITS;
  if (
    typeof input.rating !== 'number' ||
    !Number.isInteger(input.rating) ||
    input.rating < ratingMin ||
    input.rating > ratingMax
  ) {
    throw invalid(`rating is required: a whole number from ${ratingMin} to ${ratingMax}.`);
  }
  let comment: string | undefined;
  if (input.comment !== undefined && input.comment !== null) {
    if (typeof input.comment !== 'string') throw invalid('comment must be a string.');
    comment = input.comment.trim();
    if (comment.length > commentMax)
      throw invalid(`comment must be at most ${commentMax} characters (got ${comment.length}).`);
    if (comment === '') comment = undefined;
  }
  return { token, conversationSid, rating: input.rating, comment };
}

/** A previous-conversations request: the identity token is required (401 identity_required without it). */
export function parseHistoryRequest(body: unknown): HistoryRequest {
  const input = asObject(body);
  if (input.identityToken === undefined || input.identityToken === null || input.identityToken === '')
    throw new HttpError(
      401,
      'identity_required',
      'Previous conversations are for signed-in customers: identityToken is required.',
    );
  if (typeof input.identityToken !== 'string')
    throw invalid('identityToken must be a non-empty string (the JWT your back end signed).');
  if (input.identityToken.length > LIMITS.tokenLengthMax)
    throw invalid(`identityToken is longer than ${LIMITS.tokenLengthMax} characters.`);
  return { identityToken: input.identityToken };
}

export function parsePastConversationRequest(body: unknown): PastConversationRequest {
  const { identityToken } = parseHistoryRequest(body);
  const { conversationSid } = asObject(body);
  if (typeof conversationSid !== 'string' || !CONVERSATION_SID.test(conversationSid))
    throw invalid('conversationSid is required: "CH" followed by 32 hex characters.');
  return { identityToken, conversationSid };
}
