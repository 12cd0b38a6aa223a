/**
 * A flat JSON object of strings, numbers and booleans with limits on its size: what the init request's
 * `preEngagementData` and `context` are. Every rejection names the field, the key and the rule.
 */
import type { PreEngagementValue } from '../../contracts/webchat-api.ts';
import { HttpError } from '../errors.ts';

export interface FlatRecordLimits {
  keysMax: number;
  keyLengthMax: number;
  valueLengthMax: number;
}

/** Undefined when absent (undefined or null). */
export function parseFlatRecord(
  value: unknown,
  field: string,
  limits: FlatRecordLimits,
): Record<string, PreEngagementValue> | undefined {
  if (value === undefined || value === null) return undefined;
  const invalid = (message: string) => new HttpError(400, 'invalid_request', message);
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${field} must be an object of strings, numbers and booleans.`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > limits.keysMax) {
    throw invalid(`${field} has ${entries.length} keys; at most ${limits.keysMax} are allowed.`);
  }
  const record: Record<string, PreEngagementValue> = {};
  for (const [key, item] of entries) {
    if (key.length < 1 || key.length > limits.keyLengthMax) {
      throw invalid(`${field} keys must be 1 to ${limits.keyLengthMax} characters ("${key.slice(0, 20)}…" is not).`);
    }
    if (typeof item === 'string') {
      if (item.length > limits.valueLengthMax) {
        throw invalid(`${field}.${key} must be at most ${limits.valueLengthMax} characters (got ${item.length}).`);
      }
    } else if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw invalid(`${field}.${key} must be a finite number.`);
    } else if (typeof item !== 'boolean') {
      throw invalid(`${field}.${key} must be a string, a number or a boolean.`);
    }
    record[key] = item;
  }
  return record;
}
