/**
 * ChatSession on the real @twilio/conversations SDK. This module (and the SDK with it) is
 * loaded with import(), so it is its own chunk and never part of the widget's first paint.
 */
import { Client, type Conversation, type Message, type Participant } from '@twilio/conversations';
import type { ConversationState } from '../../contracts/conversation.ts';
import { isRecord } from '../../contracts/guards.ts';
import { asContentReply } from './content-reply.ts';
import type {
  ChatMedia,
  ChatMessage,
  ChatSession,
  ConnectionStatus,
  ContentReply,
  MessagePage,
  OpenSessionOptions,
  SessionEvents,
} from './types.ts';
import { createEmitter } from '../emitter.ts';

/** An error the back end will repeat if asked again (the outbox marks the message "Not sent"). */
class PermanentSendError extends Error {
  readonly permanent = true;
}

function classifySendError(error: unknown): Error {
  const status = typeof error === 'object' && error !== null ? Number((error as { status?: unknown }).status) : NaN;
  const message = error instanceof Error ? error.message : String(error);
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return new PermanentSendError(message);
  return error instanceof Error ? error : new Error(message);
}

function clientKeyOf(message: Message): string | undefined {
  const attributes = message.attributes;
  if (isRecord(attributes)) {
    const key = attributes.clientKey;
    if (typeof key === 'string') return key;
  }
  return undefined;
}

function contentReplyOf(message: Message): ContentReply | undefined {
  const attributes = message.attributes;
  return isRecord(attributes) ? asContentReply(attributes.contentReply) : undefined;
}

function toChatMessage(message: Message): ChatMessage {
  const media: ChatMedia[] = (message.attachedMedia ?? []).map((m) => ({
    sid: m.sid,
    filename: m.filename ?? 'file',
    contentType: m.contentType,
    size: m.size,
  }));
  const out: ChatMessage = {
    sid: message.sid,
    index: message.index,
    author: message.author ?? '',
    body: message.body ?? '',
    time: message.dateCreated?.getTime() ?? Date.now(),
    media,
  };
  const key = clientKeyOf(message);
  if (key) out.clientKey = key;
  if (message.contentSid) out.contentSid = message.contentSid;
  const reply = contentReplyOf(message);
  if (reply) out.contentReply = reply;
  return out;
}

function mapConnection(state: string): ConnectionStatus {
  if (state === 'connected') return 'connected';
  if (state === 'denied') return 'denied';
  if (state === 'connecting') return 'connecting';
  return 'disconnected';
}

const NAME_WAIT_MS = 3000;

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * After Twilsock closes a connection for an expired token (410), the SDK waits for the socket
 * to close ("disconnecting") and refuses a new token meanwhile (the state machine has no
 * transition for it, and the token would be kept without ever reconnecting). Wait until it
 * has closed; then updateToken reconnects.
 */
function socketSettled(client: Client, maxWaitMs = 10_000): Promise<void> {
  if (client.connectionState !== 'disconnecting') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      client.off('connectionStateChanged', onChange);
      resolve();
    };
    const onChange = (state: string): void => {
      if (state !== 'disconnecting') done();
    };
    const timer = setTimeout(done, maxWaitMs);
    client.on('connectionStateChanged', onChange);
  });
}

function waitForInit(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once('stateChanged', (state) =>
      state === 'initialized' ? resolve() : reject(new Error('client failed to initialise')),
    );
    client.once('initFailed', ({ error }) => reject(new Error(error?.message ?? 'client failed to initialise')));
  });
}

export async function openSdkSession(options: OpenSessionOptions): Promise<ChatSession> {
  const clientOptions = {
    ...(options.twilsockUrl ? { Twilsock: { uri: options.twilsockUrl } } : {}),
    ...(options.region ? { region: options.region } : {}),
  };
  const client = new Client(options.token, clientOptions);
  const events = createEmitter<SessionEvents>();
  const { emit } = events;
  let connection: ConnectionStatus = mapConnection(client.connectionState);
  client.on('connectionStateChanged', (state) => {
    connection = mapConnection(state);
    emit('connection', connection);
  });

  let closed = false;
  /**
   * One renewal at a time: options.refreshToken retries until the server answers, so a failed
   * refresh never leaves the client without a token; a refusal (401/403) ends the chat.
   */
  let refreshing: Promise<void> | undefined;
  const refresh = (): void => {
    refreshing ??= options
      .refreshToken()
      .then(async (token) => {
        await socketSettled(client);
        if (!closed) await client.updateToken(token);
      })
      .then(() => undefined)
      .catch((error: unknown) => {
        const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
        if (status === 401 || status === 403) emit('expired', undefined);
      })
      .finally(() => {
        refreshing = undefined;
      });
  };
  client.on('tokenAboutToExpire', refresh);
  client.on('tokenExpired', refresh);

  await waitForInit(client);
  const conversation: Conversation = await client.getConversationBySid(options.conversationSid);

  const sdkMessages = new Map<string, Message>();
  /** Display names that are known (a user's friendlyName, or the identity when it has none). */
  const names = new Map<string, string>();
  /** One name lookup per identity, started when it is first seen. */
  const lookups = new Map<string, Promise<void>>();
  const setName = (identity: string, name: string): void => {
    if (names.get(identity) === name) return;
    names.set(identity, name);
    emit('name', { identity, name });
  };
  /** Learns an identity's display name from its user (participants' users, or any user by identity). */
  const resolveName = (identity: string, participant?: Participant): Promise<void> => {
    if (!identity || identity === options.identity) return Promise.resolve();
    let lookup = lookups.get(identity);
    if (!lookup) {
      lookup = (participant ? participant.getUser() : client.getUser(identity))
        .then((user) => {
          setName(identity, user.friendlyName || identity);
          user.on('updated', ({ user: u, updateReasons }) => {
            if (updateReasons.includes('friendlyName')) setName(identity, u.friendlyName || identity);
          });
        })
        // Not a user (e.g. "Concierge", posted by the server): the author's name stays as it is.
        .catch(() => undefined);
      lookups.set(identity, lookup);
    }
    return lookup;
  };
  const learnName = (participant: Participant): void => {
    if (participant.identity) void resolveName(participant.identity, participant);
  };
  /**
   * Message and typing events go out in arrival order, each once its author's name is known
   * (so "Message from Alex: …" and "Alex is typing…", never the identity), waiting at most
   * NAME_WAIT_MS for a lookup.
   */
  let inOrder: Promise<void> = Promise.resolve();
  const emitNamed = (identity: string, deliver: () => void): void => {
    const named =
      identity === options.identity || names.has(identity)
        ? Promise.resolve()
        : withTimeout(resolveName(identity), NAME_WAIT_MS);
    inOrder = inOrder.then(() => named).then(deliver, deliver);
  };
  const othersReadIndex = (): number | null => {
    let max: number | null = null;
    for (const p of conversation._participants.values()) {
      if (p.identity === options.identity) continue;
      const i = p.lastReadMessageIndex;
      if (i !== null && (max === null || i > max)) max = i;
    }
    return max;
  };
  /** Deleted (REST DELETE) or the visitor removed from it: over, as a closed conversation is. */
  let removed = false;
  const state = (): ConversationState => (removed ? 'closed' : (conversation.state?.current ?? 'active'));
  const remember = (m: Message): ChatMessage => {
    sdkMessages.set(m.sid, m);
    return toChatMessage(m);
  };

  /** The other participants (agents) by identity, in the order they joined. */
  let agents: string[] = [];
  /** When each agent present joined (the participant's dateCreated, Twilio's clock), in ms. */
  const joined = new Map<string, number>();
  const isAgent = (p: Participant): p is Participant & { identity: string } =>
    !!p.identity && p.identity !== options.identity;
  const noteJoined = (p: Participant & { identity: string }): void => {
    const time = p.dateCreated?.getTime();
    if (time !== undefined && !Number.isNaN(time)) joined.set(p.identity, time);
  };
  const participants = await conversation.getParticipants().catch(() => [] as Participant[]);
  participants.forEach(learnName);
  const present = participants.filter(isAgent);
  present.forEach(noteJoined);
  // The roster is a map: its order is not the order of joining.
  agents = present.map((p) => p.identity).sort((a, b) => (joined.get(a) ?? 0) - (joined.get(b) ?? 0));
  conversation.on('participantJoined', (p) => {
    learnName(p);
    if (!isAgent(p) || agents.includes(p.identity)) return;
    noteJoined(p);
    agents = [...agents, p.identity];
    emitNamed(p.identity, () => emit('agents', agents));
  });
  conversation.on('participantLeft', (p) => {
    if (!isAgent(p) || !agents.includes(p.identity)) return;
    agents = agents.filter((identity) => identity !== p.identity);
    joined.delete(p.identity);
    emitNamed(p.identity, () => emit('agents', agents));
  });
  conversation.on('participantUpdated', ({ participant, updateReasons }) => {
    if (participant.identity !== options.identity && updateReasons.includes('lastReadMessageIndex'))
      emit('read', othersReadIndex());
  });
  conversation.on('messageAdded', (m) => {
    const message = remember(m);
    emitNamed(message.author, () => emit('message', message));
  });
  const onTyping = (p: Participant, typing: boolean): void => {
    const identity = p.identity;
    if (!identity || identity === options.identity) return;
    emitNamed(identity, () => emit('typing', { identity, name: names.get(identity) ?? identity, typing }));
  };
  conversation.on('typingStarted', (p) => onTyping(p, true));
  conversation.on('typingEnded', (p) => onTyping(p, false));
  conversation.on('updated', ({ updateReasons }) => {
    if (updateReasons.includes('state')) emit('state', state());
  });
  client.on('conversationRemoved', (removedConversation) => {
    if (removedConversation.sid !== options.conversationSid || removed) return;
    removed = true;
    emit('state', 'closed');
  });

  const page = async (pageSize: number, anchor?: number): Promise<MessagePage> => {
    const paginator =
      anchor === undefined
        ? await conversation.getMessages(pageSize)
        : await conversation.getMessages(pageSize, anchor, 'backwards');
    const messages = paginator.items.map(remember);
    // Authors who are no longer participants (an agent who left, a transfer ago) are named too.
    for (const m of messages) if (!names.has(m.author)) void resolveName(m.author);
    return { messages, hasOlder: paginator.hasPrevPage };
  };

  return {
    identity: options.identity,
    conversationSid: options.conversationSid,
    connection: () => connection,
    state,
    limits: () => {
      const mb = conversation.limits?.mediaAttachmentSizeLimitInMb;
      return { maxFileBytes: typeof mb === 'number' && mb > 0 ? mb * 1024 * 1024 : null };
    },
    ownReadIndex: () => conversation.lastReadMessageIndex,
    othersReadIndex,
    agents: () => agents,
    joinedAt: (identity) => joined.get(identity) ?? null,
    displayName: (identity) => names.get(identity) ?? identity,
    latest: (pageSize) => page(pageSize),
    older: (beforeIndex, pageSize) =>
      beforeIndex <= 0 ? Promise.resolve({ messages: [], hasOlder: false }) : page(pageSize, beforeIndex - 1),
    async send({ clientKey, body, file, contentReply }) {
      try {
        let builder = conversation
          .prepareMessage()
          .setAttributes(contentReply ? { clientKey, contentReply: { ...contentReply } } : { clientKey });
        if (body) builder = builder.setBody(body);
        if (file)
          builder = builder.addMedia({
            contentType: file.type || 'application/octet-stream',
            filename: file.name,
            media: file,
          });
        await builder.build().send();
      } catch (error) {
        throw classifySendError(error);
      }
    },
    typing: () => void conversation.typing().catch(() => undefined),
    markRead: async (index) => {
      await conversation.advanceLastReadMessageIndex(index);
    },
    async contentData(message) {
      const sdkMessage = sdkMessages.get(message.sid);
      if (!sdkMessage?.contentSid) return null;
      return await sdkMessage.getContentData();
    },
    async mediaUrl(message, media) {
      const sdkMessage = sdkMessages.get(message.sid);
      const sdkMedia = sdkMessage?.attachedMedia?.find((m) => m.sid === media.sid);
      if (!sdkMedia) throw new Error('unknown media');
      const url = await sdkMedia.getContentTemporaryUrl();
      if (!url) throw new Error('no URL for media');
      return url;
    },
    on: events.on,
    async close() {
      closed = true;
      events.clear();
      await client.shutdown();
    },
  };
}
