/**
 * Attributes as Twilio's APIs take them: a JSON object serialised as a string (REST `Attributes`,
 * the tunnelled `attributes`). Each API answers a bad value with its own error code.
 */
import type { JsonObject } from './json.ts';

/** The object an attributes string holds, or undefined when it is not a JSON object. */
export function parseAttributes(text: string): JsonObject | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : undefined;
}
