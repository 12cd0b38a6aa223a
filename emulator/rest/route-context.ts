/** What the Conversations v1 route modules share: the domain, the resource shapes and Flex's routing. */
import type { FlexRouting } from '../flex-routing.ts';
import type { ConversationRecord, EmulatorState } from '../state.ts';
import type { createResources } from './resources.ts';

export interface RouteContext {
  state: EmulatorState;
  resources: ReturnType<typeof createResources>;
  routing: FlexRouting;
}

/** `/conversations/v1/Conversations/:sid`: the `sid` may be a conversation's SID or its unique name. */
export const CONVERSATION_PATH = '/conversations/v1/Conversations/:sid';

export function conversationOf(context: RouteContext, sidOrUniqueName: string | undefined): ConversationRecord {
  return context.state.requireConversationBySidOrUniqueName(sidOrUniqueName ?? '');
}
