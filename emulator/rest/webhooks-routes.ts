/**
 * Conversations v1 `/Conversations/{CH}/Webhooks`: conversation-scoped webhooks, listed, created,
 * fetched, updated and deleted. Target `webhook` receives the post-event webhooks named in
 * `Configuration.Filters`; `trigger` receives `onMessageAdded` for messages containing one of
 * `Configuration.Triggers`; `studio` is kept (the emulator runs no Studio flows). Delivery:
 * emulator/webhooks/post-event-webhooks.ts.
 */
import type { Hono } from 'hono';
import { baseUrlOf, json } from '../http/json.ts';
import { WEBHOOK_TARGETS, type ConversationWebhookRecord } from '../state.ts';
import { POST_EVENT_TYPES } from '../webhooks/post-events.ts';
import { formOf, indexParam, invalidParameter, oneOf } from './form.ts';
import { listPage } from './resources.ts';
import { CONVERSATION_PATH, conversationOf, type RouteContext } from './route-context.ts';

const WEBHOOKS_PATH = `${CONVERSATION_PATH}/Webhooks`;
const WEBHOOK_PATH = `${WEBHOOKS_PATH}/:webhookSid`;
const METHODS = ['get', 'post', 'GET', 'POST'] as const;

type Configuration = Pick<ConversationWebhookRecord, 'url' | 'method' | 'filters' | 'triggers' | 'flowSid'>;

/** The `Configuration.*` parameters given, checked. */
function configurationOf(form: URLSearchParams): Partial<Configuration> {
  const configuration: Partial<Configuration> = {};
  const url = form.get('Configuration.Url');
  if (url !== null) {
    if (!isHttpUrl(url)) throw invalidParameter(`Configuration.Url must be an absolute http(s) URL: ${url}`);
    configuration.url = url;
  }
  const method = oneOf(form, 'Configuration.Method', METHODS);
  if (method !== undefined) configuration.method = method.toLowerCase() as 'get' | 'post';
  if (form.has('Configuration.Filters')) {
    const filters = form.getAll('Configuration.Filters');
    const unknown = filters.filter((f) => !(POST_EVENT_TYPES as readonly string[]).includes(f));
    if (unknown.length > 0)
      throw invalidParameter(
        `Configuration.Filters has unknown events (${unknown.join(', ')}); the post-events are ${POST_EVENT_TYPES.join(', ')}`,
      );
    configuration.filters = filters;
  }
  if (form.has('Configuration.Triggers')) configuration.triggers = form.getAll('Configuration.Triggers');
  const flowSid = form.get('Configuration.FlowSid');
  if (flowSid !== null) {
    if (!/^FW[0-9a-fA-F]{32}$/.test(flowSid))
      throw invalidParameter(`Configuration.FlowSid must be a Studio flow SID (FW…): ${flowSid}`);
    configuration.flowSid = flowSid;
  }
  return configuration;
}

/** What each target needs, as Twilio requires it. */
function checkComplete(
  webhook: Pick<ConversationWebhookRecord, 'target' | 'url' | 'filters' | 'triggers' | 'flowSid'>,
): void {
  if (webhook.target === 'studio') {
    if (!webhook.flowSid) throw invalidParameter('Target studio needs Configuration.FlowSid');
    return;
  }
  if (!webhook.url) throw invalidParameter(`Target ${webhook.target} needs Configuration.Url`);
  if (webhook.target === 'webhook' && webhook.filters.length === 0)
    throw invalidParameter('Target webhook needs Configuration.Filters: the events to send, e.g. onMessageAdded');
  if (webhook.target === 'trigger' && webhook.triggers.length === 0)
    throw invalidParameter('Target trigger needs Configuration.Triggers: the keywords that fire it');
}

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

export function registerWebhookRoutes(app: Hono, context: RouteContext): void {
  const { state, resources } = context;

  app.get(WEBHOOKS_PATH, (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    const base = baseUrlOf(c);
    return json(
      c,
      200,
      listPage(state.listWebhooks(sid), new URL(c.req.url), 'webhooks', (w) => resources.webhook(w, base)),
    );
  });

  app.post(WEBHOOKS_PATH, async (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    const form = await formOf(c);
    const target = oneOf(form, 'Target', WEBHOOK_TARGETS);
    if (target === undefined) throw invalidParameter('Missing required parameter Target in the post body');
    const configuration = configurationOf(form);
    const webhook = {
      target,
      url: configuration.url ?? null,
      method: configuration.method ?? 'post',
      filters: configuration.filters ?? [],
      triggers: configuration.triggers ?? [],
      flowSid: configuration.flowSid ?? null,
      replayAfter: indexParam(form, 'Configuration.ReplayAfter') ?? null,
    };
    checkComplete(webhook);
    return json(c, 201, resources.webhook(state.addWebhook(sid, webhook), baseUrlOf(c)));
  });

  app.get(WEBHOOK_PATH, (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    return json(c, 200, resources.webhook(state.requireWebhook(sid, c.req.param('webhookSid')), baseUrlOf(c)));
  });

  app.post(WEBHOOK_PATH, async (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    const current = state.requireWebhook(sid, c.req.param('webhookSid'));
    const configuration = configurationOf(await formOf(c));
    checkComplete({ ...current, ...configuration });
    return json(c, 200, resources.webhook(state.updateWebhook(sid, current.sid, configuration), baseUrlOf(c)));
  });

  app.delete(WEBHOOK_PATH, (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    state.removeWebhook(sid, c.req.param('webhookSid'));
    return c.body(null, 204);
  });
}
