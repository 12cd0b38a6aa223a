/** Twilio Conversations: the states a conversation can be in (server, widget, emulator and its console). */

export type ConversationState = 'active' | 'inactive' | 'closed';

export const CONVERSATION_STATES: readonly ConversationState[] = ['active', 'inactive', 'closed'];

export function isConversationState(value: unknown): value is ConversationState {
  return (CONVERSATION_STATES as readonly unknown[]).includes(value);
}
