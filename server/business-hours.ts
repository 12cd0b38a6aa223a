/**
 * Business hours on the server: BUSINESS_HOURS and OFFLINE_MODE read from the environment
 * (strictly: every problem names the variable), and the decision at init — outside hours, refuse
 * with 409 outside_business_hours (`message`) or mark the chat after-hours (`leave-message`).
 * The schedule itself is the contract's (contracts/business-hours.ts), shared with the widget.
 */
import {
  OFFLINE_MODES,
  parseBusinessHours,
  scheduleStatus,
  type BusinessHours,
  type OfflineMode,
} from '../contracts/business-hours.ts';
import type { ApiErrorBody, PreEngagementValue } from '../contracts/webchat-api.ts';
import { HttpError } from './errors.ts';

export interface BusinessHoursConfig {
  schedule: BusinessHours;
  offlineMode: OfflineMode;
}

/** The pre-engagement key Studio routes on; only the server sets it. */
export const AFTER_HOURS_KEY = 'after_hours';

/** Undefined without BUSINESS_HOURS (always open); problems by variable name, for loadConfig. */
export function readBusinessHours(env: Record<string, string | undefined>): {
  config: BusinessHoursConfig | undefined;
  problems: string[];
} {
  const problems: string[] = [];
  const modeText = env.OFFLINE_MODE?.trim() || 'message';
  const offlineMode = OFFLINE_MODES.find((m) => m === modeText);
  if (offlineMode === undefined)
    problems.push(`OFFLINE_MODE must be ${OFFLINE_MODES.join(' or ')} (got "${modeText}").`);
  const text = env.BUSINESS_HOURS?.trim();
  if (!text) {
    if (env.OFFLINE_MODE?.trim()) problems.push('OFFLINE_MODE is set but BUSINESS_HOURS is not: set both, or neither.');
    return { config: undefined, problems };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    problems.push(
      'BUSINESS_HOURS must be JSON: { "timeZone": "Europe/Berlin", "weekly": { "mon": [["09:00", "17:00"]], … }, "closed": ["2026-12-24"] }.',
    );
    return { config: undefined, problems };
  }
  const schedule = parseBusinessHours(value);
  if ('problem' in schedule) {
    problems.push(`BUSINESS_HOURS ${schedule.problem}`);
    return { config: undefined, problems };
  }
  return { config: { schedule, offlineMode: offlineMode ?? 'message' }, problems };
}

/** 409 outside_business_hours, with when the chat opens again. */
export class OutsideBusinessHoursError extends HttpError {
  constructor(readonly nextOpenAt: string) {
    super(409, 'outside_business_hours', `The chat is closed right now. It opens again at ${nextOpenAt}.`);
  }

  override toBody(): ApiErrorBody {
    return { error: { ...super.toBody().error, nextOpenAt: this.nextOpenAt } };
  }
}

/**
 * Before anything reaches Twilio: outside hours, `message` refuses (409) and `leave-message`
 * marks the chat `after_hours: true`. The key is the server's alone: a visitor cannot set it.
 */
export function applyBusinessHours(
  hours: BusinessHoursConfig | undefined,
  nowMs: number,
  preEngagementData: Record<string, PreEngagementValue>,
): void {
  if (Object.hasOwn(preEngagementData, AFTER_HOURS_KEY))
    throw new HttpError(400, 'invalid_request', `preEngagementData.${AFTER_HOURS_KEY} is set by the server only.`);
  if (!hours) return;
  const status = scheduleStatus(hours.schedule, nowMs);
  if (status.open) return;
  if (hours.offlineMode === 'message') throw new OutsideBusinessHoursError(new Date(status.nextOpenAt).toISOString());
  preEngagementData[AFTER_HOURS_KEY] = true;
}
