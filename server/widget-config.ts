/**
 * The widget's runtime configuration from the same environment the server reads: TWILSOCK_URL
 * (the emulator's or a regional Twilsock) and PRE_ENGAGEMENT_FORM (JSON array of form fields).
 * The config itself, its default and its parser are the contract in contracts/widget-config.ts;
 * this file only reads the environment. The server is strict: every problem is reported.
 */
import { parseWidgetConfig, type WidgetConfig, type WidgetConfigProblem } from '../contracts/widget-config.ts';

const VARIABLE: Record<WidgetConfigProblem['property'], string> = {
  twilsockUrl: 'TWILSOCK_URL',
  preEngagementForm: 'PRE_ENGAGEMENT_FORM',
  attachments: 'attachments',
};

/** Problems are returned by variable name, for loadConfig to report with its own. */
export function readWidgetConfig(env: Record<string, string | undefined>): { config: WidgetConfig; problems: string[] } {
  const input: Record<string, unknown> = {};

  const twilsock = env.TWILSOCK_URL?.trim();
  if (twilsock) input.twilsockUrl = twilsock;

  let formIsJson = true;
  const form = env.PRE_ENGAGEMENT_FORM?.trim();
  if (form) {
    try {
      input.preEngagementForm = JSON.parse(form);
    } catch {
      formIsJson = false;
    }
  }

  const parsed = parseWidgetConfig(input);
  const problems = parsed.problems.map((problem) => `${VARIABLE[problem.property]} ${problem.message}`);
  if (!formIsJson) problems.push('PRE_ENGAGEMENT_FORM must be JSON: an array of { "key", "label", "type", "required", "options"? }.');
  return { config: parsed.config, problems };
}
