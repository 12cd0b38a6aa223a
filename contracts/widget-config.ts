/**
 * What the server tells the widget at page load (embedded in /widget as a non-executable
 * <script type="application/json" id="flex-webchat-config">, so no inline script runs).
 *
 * One default for both sides and one parser, the server's: it builds the config from its
 * environment (server/widget-config.ts) and refuses to start on any problem (strict). The widget
 * trusts what that server embedded in the same page as its code, filling only absent properties
 * from the default (widget/config.ts): no second parser in the widget's first paint.
 */
import { REGION_EDGES, type TwilioRegion } from './twilio-regions.ts';
import { isRecord } from './guards.ts';
import { isLocalizedText, type LocalizedText } from './i18n/basics.ts';
import type { WidgetStrings } from './i18n/rules.ts';
import type { BusinessHours, OfflineMode } from './business-hours.ts';

/** The id of the <script type="application/json"> element that carries the config. */
export const CONFIG_ELEMENT_ID = 'flex-webchat-config';

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
  /** The account's Twilio region when not US1 (TWILIO_REGION), handed to the SDK as `{ region }`. */
  region?: Exclude<TwilioRegion, 'us1'>;
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
  /** The header's title (WIDGET_TITLE), shown as is in every locale; absent: the catalogue's panelTitle. */
  title?: string;
  /** A line under the title (WIDGET_SUBTITLE), e.g. "We reply in a few minutes"; absent: none. */
  subtitle?: string;
  /** The header's logo (WIDGET_LOGO_URL), an https URL; the widget's CSP allows its origin. */
  logoUrl?: string;
  /**
   * BUSINESS_HOURS and OFFLINE_MODE. The widget parses the schedule itself (contracts/business-hours.ts,
   * in its lazy offline chunk) and ignores one it cannot read: the server decides anyway.
   */
  businessHours?: { schedule: BusinessHours; offlineMode: OfflineMode };
  /** Turnstile's sitekey and client script (TURNSTILE_SITE_KEY, TURNSTILE_SCRIPT_URL): the form carries its check. */
  turnstile?: { siteKey: string; scriptUrl: string };
  /** The ended view asks for feedback (the server has FEEDBACK_WEBHOOK_URL, and POST_CHAT_SURVEY is not false). */
  postChatSurvey?: true;
  /**
   * The server has verified customers (IDENTITY_SECRET): a visitor whose host page passed an identity
   * token may read their previous conversations.
   */
  previousConversations?: true;
}

/** The longest WIDGET_TITLE and WIDGET_SUBTITLE (they share a one-line header). */
export const TITLE_MAX_LENGTH = 60;
export const SUBTITLE_MAX_LENGTH = 100;

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

export const FORM_FIELD_TYPES: readonly FormFieldType[] = ['text', 'email', 'textarea', 'select'];

/** Why a pre-engagement form is refused (the server words it, the widget needs no words). */
export type FormProblem =
  | { kind: 'notArray' }
  | { kind: 'notObject'; index: number }
  | { kind: 'badKey'; index: number }
  | { kind: 'duplicateKey'; key: string }
  | { kind: 'noLabel'; key: string }
  | { kind: 'badType'; key: string; type: unknown }
  | { kind: 'noOptions'; key: string }
  | { kind: 'noFriendlyName' };

/** A malformed property of the config (it keeps its default). */
export type WidgetConfigProblem =
  | { property: 'twilsockUrl'; value: unknown }
  | { property: 'region'; value: unknown }
  | { property: 'preEngagementForm'; problem: FormProblem }
  | { property: 'attachments' }
  | { property: 'strings' }
  | { property: 'title' | 'subtitle' | 'logoUrl'; value: unknown };

/**
 * Reads a config from parsed JSON. Every property that is absent keeps its default; every one
 * that is malformed keeps its default too and adds a problem. The server treats problems as
 * fatal (it never embeds a config with one).
 */
export function parseWidgetConfig(value: unknown): { config: WidgetConfig; problems: WidgetConfigProblem[] } {
  const problems: WidgetConfigProblem[] = [];
  const config: WidgetConfig = { ...DEFAULT_WIDGET_CONFIG };
  const input = isRecord(value) ? value : {};

  if (input.twilsockUrl !== undefined) {
    const url = parseTwilsockUrl(input.twilsockUrl);
    if (url === undefined) problems.push({ property: 'twilsockUrl', value: input.twilsockUrl });
    else config.twilsockUrl = url;
  }

  if (input.region !== undefined) {
    if (typeof input.region === 'string' && Object.hasOwn(REGION_EDGES, input.region))
      config.region = input.region as keyof typeof REGION_EDGES;
    else problems.push({ property: 'region', value: input.region });
  }

  if (input.preEngagementForm !== undefined) {
    const form = parseFormFields(input.preEngagementForm);
    if ('kind' in form) problems.push({ property: 'preEngagementForm', problem: form });
    else config.preEngagementForm = form.fields;
  }

  if (input.attachments !== undefined) {
    const a = isRecord(input.attachments) ? input.attachments : {};
    const d = DEFAULT_WIDGET_CONFIG.attachments;
    const enabled = typeof a.enabled === 'boolean' ? a.enabled : undefined;
    const maxFileBytes = typeof a.maxFileBytes === 'number' && a.maxFileBytes > 0 ? a.maxFileBytes : undefined;
    const extensions =
      Array.isArray(a.extensions) && a.extensions.every((e) => typeof e === 'string')
        ? a.extensions.map((e: string) => e.toLowerCase().replace(/^\./, ''))
        : undefined;
    if (enabled === undefined || maxFileBytes === undefined || extensions === undefined)
      problems.push({ property: 'attachments' });
    config.attachments = {
      enabled: enabled ?? d.enabled,
      maxFileBytes: maxFileBytes ?? d.maxFileBytes,
      extensions: extensions ?? d.extensions,
    };
  }

  if (input.strings !== undefined) {
    // The server validated the texts (widgetStringsProblems); here only the shape is checked.
    if (isRecord(input.strings)) config.strings = input.strings as WidgetStrings;
    else problems.push({ property: 'strings' });
  }

  const text = (property: 'title' | 'subtitle', maxLength: number): void => {
    const value = input[property];
    if (value === undefined) return;
    if (isHeaderText(value, maxLength)) config[property] = value;
    else problems.push({ property, value });
  };
  text('title', TITLE_MAX_LENGTH);
  text('subtitle', SUBTITLE_MAX_LENGTH);
  if (input.logoUrl !== undefined) {
    const url = parseLogoUrl(input.logoUrl);
    if (url === undefined) problems.push({ property: 'logoUrl', value: input.logoUrl });
    else config.logoUrl = url;
  }
  // The server builds both from its own validated variables (server/config.ts), never from this
  // parser; the widget's lazy chunks that use them check them (widget/ui/SiteControls.tsx).
  for (const key of ['businessHours', 'turnstile'] as const)
    if (isRecord(input[key])) config[key] = input[key] as never;
  if (input.postChatSurvey === true) config.postChatSurvey = true;
  if (input.previousConversations === true) config.previousConversations = true;

  return { config, problems };
}

/** One line of text, not blank, of at most `maxLength` characters. */
function isHeaderText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= maxLength && !/[\n\r]/.test(value);
}

/** A host name of letters, digits, dots and hyphens (so its origin can stand in a CSP source list as it is). */
const PLAIN_HOSTNAME = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** An https URL without credentials on a plain host name, as the browser will load it; undefined otherwise. */
export function parseLogoUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password && PLAIN_HOSTNAME.test(url.hostname)
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}

function parseTwilsockUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'wss:' || url.protocol === 'ws:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The pre-engagement form's fields, or the first problem with them. */
export function parseFormFields(value: unknown): { fields: FormField[] } | FormProblem {
  if (!Array.isArray(value) || value.length === 0) return { kind: 'notArray' };
  const fields: FormField[] = [];
  const keys = new Set<string>();
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'object' || item === null) return { kind: 'notObject', index };
    const f = item as Record<string, unknown>;
    if (typeof f.key !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(f.key)) return { kind: 'badKey', index };
    const key = f.key;
    if (keys.has(key)) return { kind: 'duplicateKey', key };
    keys.add(key);
    if (!isLocalizedText(f.label)) return { kind: 'noLabel', key };
    const type = f.type ?? 'text';
    if (!FORM_FIELD_TYPES.includes(type as FormFieldType)) return { kind: 'badType', key, type };
    const field: FormField = { key, label: f.label, type: type as FormFieldType, required: f.required === true };
    if (type === 'select') {
      if (!Array.isArray(f.options) || f.options.length === 0 || !f.options.every((o) => typeof o === 'string'))
        return { kind: 'noOptions', key };
      field.options = f.options;
    }
    fields.push(field);
  }
  if (!keys.has('friendlyName')) return { kind: 'noFriendlyName' };
  return { fields };
}
