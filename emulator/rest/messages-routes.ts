/**
 * Conversations v1 `/Conversations/{CH}/Messages`: list (`Order`), create, fetch, update, delete.
 * A customer's message posted with `X-Twilio-Webhook-Enabled: true` stands for Studio's
 * "Send to Flex" (flex-routing.ts); a closed conversation takes no new messages (50446).
 */
import type { Hono } from 'hono';
import { baseUrlOf, json } from '../http/json.ts';
import { TwilioApiError } from '../twilio-errors.ts';
import { attributesParam, dateParam, formOf, invalidParameter, refuseUnsupported, webhooksEnabled } from './form.ts';
import { listPage } from './resources.ts';
import { CONVERSATION_PATH, conversationOf, type RouteContext } from './route-context.ts';

const MESSAGES_PATH = `${CONVERSATION_PATH}/Messages`;
const MESSAGE_PATH = `${MESSAGES_PATH}/:messageSid`;
const UNSUPPORTED = ['ContentSid', 'ContentVariables', 'Subject'] as const;

export function registerMessageRoutes(app: Hono, context: RouteContext): void {
  const { state, resources, routing } = context;

  app.get(MESSAGES_PATH, (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    const url = new URL(c.req.url);
    const order = url.searchParams.get('Order');
    if (order !== null && order !== 'asc' && order !== 'desc') throw invalidParameter('Order must be asc or desc');
    const messages = state.listMessages(sid);
    if (order === 'desc') messages.reverse();
    const base = baseUrlOf(c);
    return json(
      c,
      200,
      listPage(messages, url, 'messages', (m) => resources.message(m, base)),
    );
  });

  app.post(MESSAGES_PATH, async (c) => {
    const conversation = conversationOf(context, c.req.param('sid'));
    const form = await formOf(c);
    refuseUnsupported(form, UNSUPPORTED);
    if (conversation.state === 'closed')
      throw new TwilioApiError(409, 50446, `Conversation ${conversation.sid} is closed: no new messages can be added`);
    const mediaSids = form.getAll('MediaSid');
    const body = form.get('Body');
    if (body === null && mediaSids.length === 0)
      throw new TwilioApiError(400, 21602, 'Message body or MediaSid is required');
    const author = form.get('Author') || 'system';
    const dateCreated = dateParam(form, 'DateCreated');
    const message = state.addMessage(conversation.sid, {
      author,
      body,
      attributes: attributesParam(form) ?? {},
      mediaSids,
      dateCreated,
      dateUpdated: dateParam(form, 'DateUpdated') ?? dateCreated,
    });
    routing.messagePosted(conversation.sid, author, webhooksEnabled(c));
    return json(c, 201, resources.message(message, baseUrlOf(c)));
  });

  app.get(MESSAGE_PATH, (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    return json(c, 200, resources.message(state.requireMessage(sid, c.req.param('messageSid')), baseUrlOf(c)));
  });

  app.post(MESSAGE_PATH, async (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    const message = state.requireMessage(sid, c.req.param('messageSid'));
    const form = await formOf(c);
    refuseUnsupported(form, UNSUPPORTED);
    const updated = state.updateMessage(sid, message.index, {
      author: form.get('Author') ?? undefined,
      body: form.get('Body') ?? undefined,
      attributes: attributesParam(form),
      dateCreated: dateParam(form, 'DateCreated'),
      dateUpdated: dateParam(form, 'DateUpdated'),
    });
    return json(c, 200, resources.message(updated, baseUrlOf(c)));
  });

  app.delete(MESSAGE_PATH, (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    state.removeMessage(sid, state.requireMessage(sid, c.req.param('messageSid')).index);
    return c.body(null, 204);
  });
}
