/** Reads the WidgetConfig the server embedded as a non-executable JSON block. */
import {
  DEFAULT_PRE_ENGAGEMENT_FORM,
  FLEX_MAX_FILE_BYTES,
  FLEX_WEBCHAT_EXTENSIONS,
  type FormField,
  type WidgetConfig,
} from '../server/widget-config.ts';
import type { WidgetStrings } from './i18n/rules.ts';

/** An object whose values all pass `check` (the server validated the details already). */
const isObjectOf = (value: unknown, check: (v: unknown) => boolean): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(check);
const isText = (v: unknown): boolean => typeof v === 'string';

export const CONFIG_ELEMENT_ID = 'flex-webchat-config';

export const DEFAULT_CONFIG: WidgetConfig = {
  preEngagementForm: DEFAULT_PRE_ENGAGEMENT_FORM,
  attachments: { enabled: true, maxFileBytes: FLEX_MAX_FILE_BYTES, extensions: FLEX_WEBCHAT_EXTENSIONS },
};

function isField(value: unknown): value is FormField {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    typeof f.key === 'string' &&
    (typeof f.label === 'string' || isObjectOf(f.label, isText)) &&
    (f.type === 'text' || f.type === 'email' || f.type === 'textarea' || f.type === 'select') &&
    typeof f.required === 'boolean' &&
    (f.options === undefined || (Array.isArray(f.options) && f.options.every((o) => typeof o === 'string')))
  );
}

/** Validates a parsed config, keeping the defaults for anything missing or malformed. */
export function parseConfig(value: unknown): WidgetConfig {
  if (typeof value !== 'object' || value === null) return DEFAULT_CONFIG;
  const c = value as Record<string, unknown>;
  const form =
    Array.isArray(c.preEngagementForm) && c.preEngagementForm.length > 0 && c.preEngagementForm.every(isField)
      ? (c.preEngagementForm as FormField[])
      : DEFAULT_CONFIG.preEngagementForm;
  const a = (typeof c.attachments === 'object' && c.attachments !== null ? c.attachments : {}) as Record<
    string,
    unknown
  >;
  const config: WidgetConfig = {
    preEngagementForm: form,
    attachments: {
      enabled: typeof a.enabled === 'boolean' ? a.enabled : DEFAULT_CONFIG.attachments.enabled,
      maxFileBytes:
        typeof a.maxFileBytes === 'number' && a.maxFileBytes > 0
          ? a.maxFileBytes
          : DEFAULT_CONFIG.attachments.maxFileBytes,
      extensions:
        Array.isArray(a.extensions) && a.extensions.every((e) => typeof e === 'string')
          ? (a.extensions as string[]).map((e) => e.toLowerCase().replace(/^\./, ''))
          : DEFAULT_CONFIG.attachments.extensions,
    },
  };
  if (isObjectOf(c.strings, (entries) => typeof entries === 'object')) config.strings = c.strings as WidgetStrings;
  if (typeof c.twilsockUrl === 'string' && /^wss?:\/\//.test(c.twilsockUrl)) config.twilsockUrl = c.twilsockUrl;
  return config;
}

export function readConfig(doc: Document = document): WidgetConfig {
  const text = doc.getElementById(CONFIG_ELEMENT_ID)?.textContent;
  if (!text) return DEFAULT_CONFIG;
  try {
    return parseConfig(JSON.parse(text));
  } catch {
    return DEFAULT_CONFIG;
  }
}
