/**
 * Conversations v1 `/Conversations`: list (by state and creation date), create, fetch, update
 * and delete, by SID or unique name. A REST close is the visitor ending the chat (what
 * `POST /api/webchat/end` sends); a delete removes the conversation for every SDK client.
 */
import type { Hono } from 'hono';
import { baseUrlOf, json } from '../http/json.ts';
import { CONVERSATION_STATES, type ConversationState, type EmulatorState } from '../state.ts';
import { TwilioApiError } from '../twilio-errors.ts';
import { attributesParam, dateParam, formOf, invalidParameter, oneOf, refuseUnsupported } from './form.ts';
import { listPage } from './resources.ts';
import { CONVERSATION_PATH, conversationOf, type RouteContext } from './route-context.ts';

/** What a conversation takes through REST and the emulator does not model. */
const UNSUPPORTED = ['MessagingServiceSid', 'Timers.', 'Bindings.'] as const;
/** `initializing` is Twilio's own state while it sets a conversation up; no call sets it. */
const SETTABLE_STATES = CONVERSATION_STATES;

export function registerConversationRoutes(app: Hono, context: RouteContext): void {
  const { state, resources } = context;

  app.get('/conversations/v1/Conversations', (c) => {
    const url = new URL(c.req.url);
    const stateFilter = url.searchParams.get('State');
    if (stateFilter !== null && !(CONVERSATION_STATES as readonly string[]).includes(stateFilter))
      throw invalidParameter(`State must be one of ${CONVERSATION_STATES.join(', ')}`);
    const start = dayParam(url, 'StartDate');
    const end = dayParam(url, 'EndDate');
    const conversations = state
      .listConversations()
      .reverse()
      .filter((conversation) => stateFilter === null || conversation.state === stateFilter)
      .filter((conversation) => start === undefined || conversation.dateCreated.slice(0, 10) >= start)
      .filter((conversation) => end === undefined || conversation.dateCreated.slice(0, 10) <= end);
    const base = baseUrlOf(c);
    return json(
      c,
      200,
      listPage(conversations, url, 'conversations', (conversation) => resources.conversation(conversation, base)),
    );
  });

  app.post('/conversations/v1/Conversations', async (c) => {
    const form = await formOf(c);
    refuseUnsupported(form, UNSUPPORTED);
    const conversation = state.createConversation({
      friendlyName: form.get('FriendlyName'),
      uniqueName: form.get('UniqueName'),
      attributes: attributesParam(form) ?? {},
      state: oneOf(form, 'State', SETTABLE_STATES),
      createdBy: 'system',
      dateCreated: dateParam(form, 'DateCreated'),
      dateUpdated: dateParam(form, 'DateUpdated'),
    });
    return json(c, 201, resources.conversation(conversation, baseUrlOf(c)));
  });

  app.get(CONVERSATION_PATH, (c) =>
    json(c, 200, resources.conversation(conversationOf(context, c.req.param('sid')), baseUrlOf(c))),
  );

  app.post(CONVERSATION_PATH, async (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    const form = await formOf(c);
    refuseUnsupported(form, UNSUPPORTED);
    const update: Parameters<EmulatorState['updateConversation']>[1] = {
      attributes: attributesParam(form),
      dateCreated: dateParam(form, 'DateCreated'),
      dateUpdated: dateParam(form, 'DateUpdated'),
    };
    const newState: ConversationState | undefined = oneOf(form, 'State', SETTABLE_STATES);
    if (newState !== undefined) {
      update.state = newState;
      // In the emulator only the web chat server closes conversations through REST: for the visitor.
      if (newState === 'closed') update.endedBy = 'visitor';
    }
    const friendlyName = form.get('FriendlyName');
    if (friendlyName !== null) update.friendlyName = friendlyName;
    const uniqueName = form.get('UniqueName');
    if (uniqueName !== null) update.uniqueName = uniqueName;
    return json(c, 200, resources.conversation(state.updateConversation(sid, update), baseUrlOf(c)));
  });

  app.delete(CONVERSATION_PATH, (c) => {
    state.removeConversation(conversationOf(context, c.req.param('sid')).sid);
    return c.body(null, 204);
  });
}

/** `StartDate` / `EndDate` of the conversations list: a day, YYYY-MM-DD (a date-time is cut to its day). */
function dayParam(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(Date.parse(value.slice(0, 10))))
    throw new TwilioApiError(400, 20001, `Invalid ${name}: ${value} is not a date such as 2026-01-31`);
  return value.slice(0, 10);
}
