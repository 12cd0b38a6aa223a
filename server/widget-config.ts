/**
 * The widget's runtime configuration from the same environment the server reads: TWILSOCK_URL
 * (the emulator's or a regional Twilsock), PRE_ENGAGEMENT_FORM (JSON array of form fields),
 * WIDGET_STRINGS (the site owner's wording per locale, checked against the English catalogue) and
 * the header's branding: WIDGET_TITLE, WIDGET_SUBTITLE and WIDGET_LOGO_URL (https only).
 * The config itself, its default and its parser are the contract in contracts/widget-config.ts;
 * this file reads the environment and words the parser's problems. The server is strict: every
 * problem is reported and the server does not start.
 */
import { isTwilioRegion } from '../contracts/twilio-regions.ts';
import {
  DEFAULT_WIDGET_CONFIG,
  FORM_FIELD_TYPES,
  SUBTITLE_MAX_LENGTH,
  TITLE_MAX_LENGTH,
  parseWidgetConfig,
  type FormProblem,
  type WidgetConfig,
  type WidgetConfigProblem,
} from '../contracts/widget-config.ts';
import { labelProblem, widgetStringsProblems } from '../contracts/i18n/rules.ts';

/** Problems are returned by variable name, for loadConfig to report with its own. */
export function readWidgetConfig(env: Record<string, string | undefined>): {
  config: WidgetConfig;
  problems: string[];
} {
  const input: Record<string, unknown> = {};

  const twilsock = env.TWILSOCK_URL?.trim();
  if (twilsock) input.twilsockUrl = twilsock;
  // TWILIO_REGION itself is validated (and named) by loadConfig; the widget hears of non-US1 ones.
  const region = env.TWILIO_REGION?.trim().toLowerCase();
  if (isTwilioRegion(region) && region !== 'us1') input.region = region;

  // ATTACHMENTS=false: for a Flex account whose web chat does not accept media.
  const attachments = env.ATTACHMENTS?.trim().toLowerCase();
  let attachmentsProblem: string | undefined;
  if (attachments === 'false') input.attachments = { ...DEFAULT_WIDGET_CONFIG.attachments, enabled: false };
  else if (attachments && attachments !== 'true')
    attachmentsProblem = `ATTACHMENTS must be true or false (got "${env.ATTACHMENTS?.trim()}").`;

  let formIsJson = true;
  const form = env.PRE_ENGAGEMENT_FORM?.trim();
  if (form) {
    try {
      input.preEngagementForm = JSON.parse(form);
    } catch {
      formIsJson = false;
    }
  }

  const stringProblems: string[] = [];
  const strings = env.WIDGET_STRINGS?.trim();
  if (strings) {
    let value: unknown;
    try {
      value = JSON.parse(strings);
    } catch {
      stringProblems.push('must be JSON: { "<locale>": { "<key>": "<text>" } }.');
    }
    if (stringProblems.length === 0) stringProblems.push(...widgetStringsProblems(value));
    if (stringProblems.length === 0) input.strings = value;
  }

  const title = env.WIDGET_TITLE?.trim();
  if (title) input.title = title;
  const subtitle = env.WIDGET_SUBTITLE?.trim();
  if (subtitle) input.subtitle = subtitle;
  const logoUrl = env.WIDGET_LOGO_URL?.trim();
  if (logoUrl) input.logoUrl = logoUrl;

  const parsed = parseWidgetConfig(input);
  const problems = parsed.problems.map((p) => describe(p, input.preEngagementForm));
  for (const field of parsed.config.preEngagementForm) {
    const problem = labelProblem(field.label);
    if (problem !== undefined) problems.push(`PRE_ENGAGEMENT_FORM field "${field.key}" ${problem}`);
  }
  if (!formIsJson)
    problems.push('PRE_ENGAGEMENT_FORM must be JSON: an array of { "key", "label", "type", "required", "options"? }.');
  problems.push(...stringProblems.map((p) => `WIDGET_STRINGS ${p}`));
  if (attachmentsProblem) problems.push(attachmentsProblem);
  return { config: parsed.config, problems };
}

function describe(problem: WidgetConfigProblem, form: unknown): string {
  switch (problem.property) {
    case 'twilsockUrl':
      return `TWILSOCK_URL must be a ws:// or wss:// URL (got "${String(problem.value)}").`;
    case 'region':
      return `TWILIO_REGION must be one of us1, ie1, au1 (got "${String(problem.value)}").`;
    case 'preEngagementForm':
      return `PRE_ENGAGEMENT_FORM ${describeForm(problem.problem, form)}`;
    case 'attachments':
      return 'The attachments settings must be { "enabled": boolean, "maxFileBytes": a positive number, "extensions": strings }.';
    case 'strings':
      return 'WIDGET_STRINGS must be a JSON object { "<locale>": { "<key>": "<text>" } }.';
    case 'title':
      return `WIDGET_TITLE must be one line of at most ${TITLE_MAX_LENGTH} characters (got ${JSON.stringify(problem.value)}).`;
    case 'subtitle':
      return `WIDGET_SUBTITLE must be one line of at most ${SUBTITLE_MAX_LENGTH} characters (got ${JSON.stringify(problem.value)}).`;
    case 'logoUrl':
      return `WIDGET_LOGO_URL must be an https:// URL of an image, e.g. https://www.example.com/logo.svg (got "${String(problem.value)}").`;
  }
}

/** `form` is the parsed PRE_ENGAGEMENT_FORM, for the details of a bad label. */
function describeForm(problem: FormProblem, form: unknown): string {
  switch (problem.kind) {
    case 'notArray':
      return 'must be a non-empty JSON array of fields.';
    case 'notObject':
      return `field ${problem.index} is not an object.`;
    case 'badKey':
      return `field ${problem.index} needs a "key" (letters, digits, _; at most 64).`;
    case 'duplicateKey':
      return `has the key "${problem.key}" twice.`;
    case 'noLabel': {
      const field = Array.isArray(form)
        ? (form as { key?: unknown; label?: unknown }[]).find((f) => f?.key === problem.key)
        : undefined;
      return `field "${problem.key}" ${labelProblem(field?.label) ?? 'needs a "label".'}`;
    }
    case 'badType':
      return `field "${problem.key}" has type "${String(problem.type)}"; use one of ${FORM_FIELD_TYPES.join(', ')}.`;
    case 'noOptions':
      return `field "${problem.key}" is a select and needs "options": a non-empty array of strings.`;
    case 'noFriendlyName':
      return 'needs a field with the key "friendlyName" (the visitor\'s name).';
  }
}
