/**
 * A verified customer who comes back (another browser, another device) while their chat is still
 * open resumes it instead of starting a second one: their stable identity's open conversation,
 * found with GET /v1/ParticipantConversations?Identity=….
 */
import type { ServerConfig } from '../config.ts';
import { participantConversations } from '../twilio/conversations.ts';
import type { UpstreamClient } from '../twilio/upstream.ts';

/** The newest conversation of `identity` that is not closed, or undefined. */
export async function openConversationOf(
  upstream: UpstreamClient,
  config: ServerConfig,
  identity: string,
): Promise<string | undefined> {
  let newest: { sid: string; created: string } | undefined;
  for await (const entry of participantConversations(
    upstream,
    config,
    identity,
    "looking for the customer's open chat",
  )) {
    if (entry.state === 'closed') continue;
    const created = entry.dateCreated ?? '';
    if (!newest || created > newest.created) newest = { sid: entry.conversationSid, created };
  }
  return newest?.sid;
}
