/**
 * What the server tells the widget at page load (embedded in /widget as a non-executable
 * <script type="application/json" id="flex-webchat-config">, so no inline script runs).
 */

import { labelProblem, widgetStringsProblems, type LocalizedText, type WidgetStrings } from '../widget/i18n/rules.ts';

export type FormFieldType = 'text' | 'email' | 'textarea' | 'select';

export interface FormField {
  key: string;
  /** A string, or per locale: { "en": "Order number", "de": "Bestellnummer" }. */
  label: LocalizedText;
  type: FormFieldType;
  required: boolean;
  /** For `select`. */
  options?: string[];
}

export interface WidgetConfig {
  /** Twilsock URL handed to the SDK as `{ Twilsock: { uri } }`; absent = Twilio's default. */
  twilsockUrl?: string;
  /** The pre-engagement form. The field with key `friendlyName` is the visitor's name; `question` is the question. */
  preEngagementForm: FormField[];
  attachments: {
    enabled: boolean;
    /** Per-file limit in bytes (the SDK's connect-time limit, if smaller, wins). */
    maxFileBytes: number;
    /** Accepted extensions, lower case, without dot (Flex web chat defaults). */
    extensions: string[];
  };
  /** The site owner's wording (WIDGET_STRINGS): { "<locale>": { "<key>": "<text>" } }. */
  strings?: WidgetStrings;
}

export const DEFAULT_PRE_ENGAGEMENT_FORM: FormField[] = [
  { key: 'friendlyName', label: 'Name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: false },
  { key: 'question', label: 'How can we help?', type: 'textarea', required: true },
];

export const FLEX_WEBCHAT_EXTENSIONS = ['jpg', 'jpeg', 'png', 'amr', 'mp3', 'mp4', 'pdf', 'heic', 'txt', 'gif'];
export const FLEX_MAX_FILE_BYTES = 16_777_216;

export const DEFAULT_WIDGET_CONFIG: WidgetConfig = {
  preEngagementForm: DEFAULT_PRE_ENGAGEMENT_FORM,
  attachments: { enabled: true, maxFileBytes: FLEX_MAX_FILE_BYTES, extensions: FLEX_WEBCHAT_EXTENSIONS },
};

const FIELD_TYPES: FormFieldType[] = ['text', 'email', 'textarea', 'select'];

/**
 * The widget's runtime configuration from the same environment the server reads: TWILSOCK_URL
 * (the emulator's or a regional Twilsock) and PRE_ENGAGEMENT_FORM (JSON array of form fields).
 * Problems are returned by variable name, for loadConfig to report with its own.
 */
export function readWidgetConfig(env: Record<string, string | undefined>): {
  config: WidgetConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const config: WidgetConfig = { ...DEFAULT_WIDGET_CONFIG };

  const twilsock = env.TWILSOCK_URL?.trim();
  if (twilsock) {
    let url: URL | undefined;
    try {
      url = new URL(twilsock);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'wss:' && url.protocol !== 'ws:')) {
      problems.push(`TWILSOCK_URL must be a ws:// or wss:// URL (got "${twilsock}").`);
    } else config.twilsockUrl = url.href;
  }

  const form = env.PRE_ENGAGEMENT_FORM?.trim();
  if (form) {
    const parsed = parseForm(form);
    if (typeof parsed === 'string') problems.push(`PRE_ENGAGEMENT_FORM ${parsed}`);
    else config.preEngagementForm = parsed;
  }

  const strings = env.WIDGET_STRINGS?.trim();
  if (strings) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(strings);
    } catch {
      parsed = undefined;
    }
    const found =
      parsed === undefined ? ['must be JSON: { "<locale>": { "<key>": "<text>" } }.'] : widgetStringsProblems(parsed);
    problems.push(...found.map((p) => `WIDGET_STRINGS ${p}`));
    if (found.length === 0) config.strings = parsed as WidgetStrings;
  }

  return { config, problems };
}

/** The fields, or a sentence saying what is wrong. */
function parseForm(text: string): FormField[] | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'must be JSON: an array of { "key", "label", "type", "required", "options"? }.';
  }
  if (!Array.isArray(value) || value.length === 0) return 'must be a non-empty JSON array of fields.';
  const fields: FormField[] = [];
  const keys = new Set<string>();
  for (const [i, item] of value.entries()) {
    const f = item as Record<string, unknown>;
    if (typeof f !== 'object' || f === null) return `field ${i} is not an object.`;
    if (typeof f.key !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(f.key))
      return `field ${i} needs a "key" (letters, digits, _; at most 64).`;
    if (keys.has(f.key)) return `has the key "${f.key}" twice.`;
    keys.add(f.key);
    const badLabel = labelProblem(f.label);
    if (badLabel) return `field "${f.key}" ${badLabel}`;
    const type = f.type ?? 'text';
    if (!FIELD_TYPES.includes(type as FormFieldType))
      return `field "${f.key}" has type "${String(type)}"; use one of ${FIELD_TYPES.join(', ')}.`;
    const field: FormField = {
      key: f.key,
      label: f.label as LocalizedText,
      type: type as FormFieldType,
      required: f.required === true,
    };
    if (type === 'select') {
      if (!Array.isArray(f.options) || f.options.length === 0 || !f.options.every((o) => typeof o === 'string')) {
        return `field "${f.key}" is a select and needs "options": a non-empty array of strings.`;
      }
      field.options = f.options as string[];
    }
    fields.push(field);
  }
  if (!keys.has('friendlyName')) return 'needs a field with the key "friendlyName" (the visitor\'s name).';
  return fields;
}
