/**
 * Conversations v1 `/Conversations/{CH}/Participants`: list, create, and fetch, update and delete
 * by SID (`MB…`) or identity, as Twilio takes either. Participants are Conversations SDK users
 * (chat participants); SMS/WhatsApp bindings are not modelled and are refused, saying so.
 */
import type { Hono } from 'hono';
import { baseUrlOf, json } from '../http/json.ts';
import { ROLE_SIDS, type ParticipantRole } from '../state.ts';
import { TwilioApiError } from '../twilio-errors.ts';
import { attributesParam, dateParam, formOf, indexParam, invalidParameter, refuseUnsupported } from './form.ts';
import { listPage } from './resources.ts';
import { CONVERSATION_PATH, conversationOf, type RouteContext } from './route-context.ts';

const PARTICIPANTS_PATH = `${CONVERSATION_PATH}/Participants`;
const PARTICIPANT_PATH = `${PARTICIPANTS_PATH}/:participant`;
const UNSUPPORTED = ['MessagingBinding.'] as const;

/** `RoleSid`: one of the service's two roles. */
function roleOf(form: URLSearchParams): ParticipantRole | undefined {
  const roleSid = form.get('RoleSid');
  if (roleSid === null) return undefined;
  const role = (Object.keys(ROLE_SIDS) as ParticipantRole[]).find((r) => ROLE_SIDS[r] === roleSid);
  if (!role)
    throw invalidParameter(
      `RoleSid ${roleSid} is not a role of this service: ${ROLE_SIDS.customer} (customer) or ${ROLE_SIDS.agent} (agent)`,
    );
  return role;
}

export function registerParticipantRoutes(app: Hono, context: RouteContext): void {
  const { state, resources } = context;

  app.get(PARTICIPANTS_PATH, (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    const base = baseUrlOf(c);
    return json(
      c,
      200,
      listPage(state.listParticipants(sid), new URL(c.req.url), 'participants', (p) => resources.participant(p, base)),
    );
  });

  app.post(PARTICIPANTS_PATH, async (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    const form = await formOf(c);
    refuseUnsupported(form, UNSUPPORTED);
    const identity = form.get('Identity');
    if (!identity) throw invalidParameter('Missing required parameter Identity in the post body');
    if (state.getParticipant(sid, identity))
      throw new TwilioApiError(409, 50433, `Participant already exists: ${identity} is a participant of ${sid}`);
    const participant = state.addParticipant(sid, identity, {
      // Participants added through REST are the contact centre's side (agents, bots), unless said otherwise.
      role: roleOf(form) ?? 'agent',
      attributes: attributesParam(form) ?? {},
    });
    const dateCreated = dateParam(form, 'DateCreated');
    const dateUpdated = dateParam(form, 'DateUpdated');
    const result =
      dateCreated || dateUpdated
        ? state.updateParticipant(sid, participant.sid, { dateCreated, dateUpdated: dateUpdated ?? dateCreated })
        : participant;
    return json(c, 201, resources.participant(result, baseUrlOf(c)));
  });

  app.get(PARTICIPANT_PATH, (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    return json(c, 200, resources.participant(state.requireParticipant(sid, c.req.param('participant')), baseUrlOf(c)));
  });

  app.post(PARTICIPANT_PATH, async (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    const participant = state.requireParticipant(sid, c.req.param('participant'));
    const form = await formOf(c);
    refuseUnsupported(form, [...UNSUPPORTED, 'Identity']);
    const lastReadMessageIndex = indexParam(form, 'LastReadMessageIndex');
    const updated = state.updateParticipant(sid, participant.sid, {
      attributes: attributesParam(form),
      role: roleOf(form),
      lastReadMessageIndex,
      lastReadTimestamp:
        dateParam(form, 'LastReadTimestamp') ??
        (lastReadMessageIndex !== undefined ? new Date().toISOString() : undefined),
      dateCreated: dateParam(form, 'DateCreated'),
      dateUpdated: dateParam(form, 'DateUpdated'),
    });
    return json(c, 200, resources.participant(updated, baseUrlOf(c)));
  });

  app.delete(PARTICIPANT_PATH, (c) => {
    const { sid } = conversationOf(context, c.req.param('sid'));
    state.removeParticipant(sid, c.req.param('participant'));
    return c.body(null, 204);
  });
}
