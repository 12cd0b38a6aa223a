/**
 * The widget's real chat state (ChatController, LiveConversation) on the scripted back end
 * (test/widget/support/scripted-session.ts, the same one the Node controller tests use), for
 * views that take a controller or a conversation. The test drives the scripted side: agent
 * messages, typing, read receipts, ending.
 */
import { ChatController } from '../../../widget/chat/controller.ts';
import { LiveConversation } from '../../../widget/chat/live-conversation.ts';
import { SessionStore } from '../../../widget/chat/session-store.ts';
import type { ChatSession } from '../../../widget/chat/types.ts';
import { memoryStore } from '../../../widget/storage.ts';
import type { InitRequest, SessionGrant } from '../../../contracts/webchat-api.ts';
import { ScriptedConversation } from '../../widget/support/scripted-session.ts';

export const VISITOR = 'visitor-1';

function grant(): SessionGrant {
  return {
    token: 'tok-1',
    identity: VISITOR,
    conversationSid: 'CH1',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  };
}

/** A controller at the form (booted), whose init requests are recorded. */
export async function controllerAtForm(): Promise<{
  controller: ChatController;
  scripted: ScriptedConversation;
  requests: InitRequest[];
}> {
  const scripted = new ScriptedConversation();
  const requests: InitRequest[] = [];
  const controller = new ChatController({
    store: new SessionStore(memoryStore(), memoryStore()),
    openSession: scripted.open,
    initChat: async (request) => {
      requests.push(request);
      return grant();
    },
    refreshToken: async () => grant(),
    endChat: async () => ({ status: 'closed' }),
    notifyHost: () => undefined,
    pageVisible: () => true,
    prefetchSdk: () => undefined,
  });
  await controller.boot();
  return { controller, scripted, requests };
}

export interface ConversationOptions {
  /**
   * A chat the visitor just started while watching (no "New messages" divider); false: the panel
   * reopens on what is there, with a divider before the first message after `visitorRead`.
   */
  fresh?: boolean;
  /** What a media URL resolves to (the scripted default is a one-byte data: URL). */
  mediaUrl?: (filename: string) => string;
}

/** A live conversation on `scripted` as the chat view gets it (loaded, then started). */
export async function liveConversation(
  scripted: ScriptedConversation,
  options: ConversationOptions = {},
): Promise<LiveConversation> {
  const session = await scripted.open({ ...grant(), refreshToken: async () => 'tok-2' });
  const { mediaUrl } = options;
  const withMedia: ChatSession = mediaUrl
    ? { ...session, mediaUrl: async (_message, media) => mediaUrl(media.filename) }
    : session;
  const store = new SessionStore(memoryStore(), memoryStore());
  const conversation = await LiveConversation.load(withMedia, {
    store,
    panelOpen: () => true,
    canSee: () => document.visibilityState === 'visible',
    events: { inbound: () => undefined, ended: () => undefined, unreadChanged: () => undefined },
  });
  conversation.start(options.fresh ?? true);
  return conversation;
}
