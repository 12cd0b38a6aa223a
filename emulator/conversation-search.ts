/**
 * What the agent console's search finds, in one place for the control API (`GET
 * /emulator/conversations?search=…`) and the console (a live event's conversation): the
 * visitor's name, the pre-engagement data (the question…), every message's text, and the SID.
 * Case and accents are ignored ("rene" finds "René"). DOM-free and Node-free.
 */
import type { ConversationDetail } from './control-client.ts';

/** Lower case without accents (NFKD with combining marks removed). */
export function searchKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The texts a search looks in. */
export function searchableTexts(conversation: ConversationDetail): string[] {
  const texts = [conversation.sid];
  for (const participant of conversation.participants)
    if (participant.role === 'customer' && participant.friendlyName) texts.push(participant.friendlyName);
  const preEngagement = conversation.attributes.pre_engagement_data;
  if (preEngagement && typeof preEngagement === 'object')
    for (const value of Object.values(preEngagement))
      if (typeof value === 'string' || typeof value === 'number') texts.push(String(value));
  for (const message of conversation.messages) if (message.body) texts.push(message.body);
  return texts;
}

/** Whether `query` (trimmed; empty matches all) is in one of the conversation's searchable texts. */
export function matchesSearch(conversation: ConversationDetail, query: string): boolean {
  const wanted = searchKey(query.trim());
  if (wanted === '') return true;
  return searchableTexts(conversation).some((text) => searchKey(text).includes(wanted));
}
