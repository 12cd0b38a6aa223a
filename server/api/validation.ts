/** Validation of the public API's JSON bodies: every rejection names the field and the rule. */
import {
  FEEDBACK_LIMITS,
  type FeedbackRequest,
  type InitRequest,
  type PreEngagementValue,
  type TokenRequest,
} from '../../contracts/webchat-api.ts';
import { isRecord } from '../../contracts/guards.ts';
import { HttpError } from '../errors.ts';

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

  const preEngagementData: Record<string, PreEngagementValue> = {};
  if (input.preEngagementData !== undefined && input.preEngagementData !== null) {
    const data = input.preEngagementData;
    if (typeof data !== 'object' || Array.isArray(data))
      throw invalid('preEngagementData must be an object of strings, numbers and booleans.');
    const entries = Object.entries(data as Record<string, unknown>);
    if (entries.length > LIMITS.preEngagementKeysMax) {
      throw invalid(
        `preEngagementData has ${entries.length} keys; at most ${LIMITS.preEngagementKeysMax} are allowed.`,
      );
    }
    for (const [key, value] of entries) {
      if (key.length < 1 || key.length > LIMITS.preEngagementKeyLengthMax) {
        throw invalid(
          `preEngagementData keys must be 1 to ${LIMITS.preEngagementKeyLengthMax} characters ("${key.slice(0, 20)}…" is not).`,
        );
      }
      if (typeof value === 'string') {
        if (value.length > LIMITS.preEngagementValueLengthMax) {
          throw invalid(
            `preEngagementData.${key} must be at most ${LIMITS.preEngagementValueLengthMax} characters (got ${value.length}).`,
          );
        }
      } else if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw invalid(`preEngagementData.${key} must be a finite number.`);
      } else if (typeof value !== 'boolean') {
        throw invalid(`preEngagementData.${key} must be a string, a number or a boolean.`);
      }
      preEngagementData[key] = value;
    }
  }
  return { friendlyName, question, preEngagementData };
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
