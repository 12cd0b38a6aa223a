/** The pre-engagement form's values → the init request, and the values remembered for the next form. */
import type { InitRequest } from '../../contracts/webchat-api.ts';
import type { VisitorValues } from './session-store.ts';

export interface FormSubmission {
  request: InitRequest;
  /** What prefills the next form (the question is not kept). */
  remembered: VisitorValues;
}

/** `friendlyName` and `question` are the request's own fields; every other non-empty value is pre-engagement data. */
export function initRequestFrom(values: Record<string, string>, defaultName: string): FormSubmission {
  const { friendlyName = '', question = '', ...rest } = values;
  const preEngagementData: Record<string, string> = {};
  for (const [key, value] of Object.entries(rest)) if (value.trim()) preEngagementData[key] = value.trim();
  const request: InitRequest = { friendlyName: friendlyName.trim() || defaultName };
  if (question.trim()) request.question = question.trim();
  if (Object.keys(preEngagementData).length > 0) request.preEngagementData = preEngagementData;
  const remembered: VisitorValues = { ...rest };
  if (friendlyName.trim()) remembered.friendlyName = friendlyName.trim();
  return { request, remembered };
}
