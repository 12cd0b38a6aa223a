/**
 * The emulator's model of Flex Conversations: users, conversations, participants, messages, media
 * and read horizons. Every change is written through to the Sync objects the SDK reads (the
 * conversation Document, its messages List, its roster Map, each user's info and
 * my-conversations Maps), so SDK clients see it live and can replay it after a reconnect.
 */
import { newSid } from './ids.ts';
import { SyncStore, type JsonObject, type SerializedSyncObject } from './sync-store.ts';
import { TwilioApiError } from './twilio-errors.ts';

export type ParticipantRole = 'customer' | 'agent';
export type ConversationState = 'active' | 'inactive' | 'closed';
export const CONVERSATION_STATES: readonly ConversationState[] = ['active', 'inactive', 'closed'];

export interface UserRecord {
  identity: string;
  friendlyName: string | null;
  attributes: JsonObject;
  infoMapSid: string;
  myConversationsMapSid: string;
  dateCreated: string;
  dateUpdated: string;
}

export interface ConversationRecord {
  sid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  attributes: JsonObject;
  state: ConversationState;
  stateUpdated: string;
  dateCreated: string;
  dateUpdated: string;
  createdBy: string;
  documentSid: string;
  messagesSid: string;
  rosterSid: string;
  /** "Send to Flex" happened and no agent has joined yet: the conversation is in the agents' queue. */
  waitingForAgent: boolean;
}

export interface ParticipantRecord {
  sid: string;
  conversationSid: string;
  identity: string;
  role: ParticipantRole;
  attributes: JsonObject;
  dateCreated: string;
  dateUpdated: string;
  lastReadMessageIndex: number | null;
  lastReadTimestamp: string | null;
}

export interface MessageRecord {
  sid: string;
  conversationSid: string;
  index: number;
  author: string;
  body: string | null;
  attributes: JsonObject;
  mediaSids: string[];
  participantSid: string | null;
  dateCreated: string;
  dateUpdated: string;
}

export interface MediaRecord {
  sid: string;
  author: string;
  filename: string | null;
  contentType: string;
  size: number;
  category: string;
  dateCreated: string;
  conversationSid: string | null;
  messageSid: string | null;
  /** The bytes, base64. */
  content: string;
}

export type StateChange =
  | { type: 'conversation'; sid: string }
  | { type: 'typing'; sid: string; identity: string };

const ROLE_SIDS: Record<ParticipantRole, string> = {
  customer: 'RL00000000000000000000000000000001',
  agent: 'RL00000000000000000000000000000002',
};

export interface SerializedState {
  version: 1;
  users: UserRecord[];
  conversations: ConversationRecord[];
  participants: ParticipantRecord[];
  messages: MessageRecord[];
  media: MediaRecord[];
  sync: SerializedSyncObject[];
}

export class EmulatorState {
  readonly sync = new SyncStore();
  private readonly users = new Map<string, UserRecord>();
  private readonly conversations = new Map<string, ConversationRecord>();
  /** conversation SID → participants by identity. */
  private readonly participants = new Map<string, Map<string, ParticipantRecord>>();
  /** conversation SID → messages by index (a removed message leaves a hole). */
  private readonly messages = new Map<string, Map<number, MessageRecord>>();
  private readonly media = new Map<string, MediaRecord>();
  private readonly listeners = new Set<(change: StateChange) => void>();

  onChange(listener: (change: StateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(change: StateChange): void {
    for (const listener of this.listeners) listener(change);
  }

  // ---- users ----

  getUser(identity: string): UserRecord | undefined {
    return this.users.get(identity);
  }

  ensureUser(identity: string, friendlyName?: string | null): UserRecord {
    const existing = this.users.get(identity);
    if (existing) {
      if (friendlyName !== undefined && friendlyName !== null && existing.friendlyName !== friendlyName) {
        this.updateUser(identity, { friendlyName });
      }
      return existing;
    }
    const now = new Date().toISOString();
    const infoMap = this.sync.create('map');
    const myConversations = this.sync.create('map');
    const user: UserRecord = {
      identity,
      friendlyName: friendlyName ?? null,
      attributes: {},
      infoMapSid: infoMap.sid,
      myConversationsMapSid: myConversations.sid,
      dateCreated: now,
      dateUpdated: now,
    };
    this.users.set(identity, user);
    this.sync.setItem(infoMap.sid, 'friendlyName', { value: user.friendlyName });
    this.sync.setItem(infoMap.sid, 'attributes', { value: JSON.stringify(user.attributes) });
    return user;
  }

  updateUser(identity: string, update: { friendlyName?: string | null; attributes?: JsonObject }): UserRecord {
    const user = this.ensureUser(identity);
    user.dateUpdated = new Date().toISOString();
    if (update.friendlyName !== undefined) {
      user.friendlyName = update.friendlyName;
      this.sync.setItem(user.infoMapSid, 'friendlyName', { value: user.friendlyName });
    }
    if (update.attributes !== undefined) {
      user.attributes = update.attributes;
      this.sync.setItem(user.infoMapSid, 'attributes', { value: JSON.stringify(user.attributes) });
    }
    for (const conversation of this.conversationsOf(identity)) this.changed({ type: 'conversation', sid: conversation.sid });
    return user;
  }

  // ---- conversations ----

  getConversation(sid: string): ConversationRecord | undefined {
    return this.conversations.get(sid);
  }

  listConversations(): ConversationRecord[] {
    return [...this.conversations.values()].sort((a, b) => (a.dateCreated < b.dateCreated ? 1 : a.dateCreated > b.dateCreated ? -1 : 0));
  }

  requireConversation(sid: string): ConversationRecord {
    const conversation = this.conversations.get(sid);
    if (!conversation) throw new TwilioApiError(404, 20404, `The requested resource /Conversations/${sid} was not found`);
    return conversation;
  }

  conversationsOf(identity: string): ConversationRecord[] {
    return this.listConversations().filter((c) => this.participants.get(c.sid)?.has(identity));
  }

  createConversation(options: { friendlyName?: string | null; attributes?: JsonObject; createdBy?: string }): ConversationRecord {
    const now = new Date().toISOString();
    const messages = this.sync.create('list');
    const roster = this.sync.create('map');
    const document = this.sync.create('document');
    const conversation: ConversationRecord = {
      sid: newSid('CH'),
      friendlyName: options.friendlyName ?? null,
      uniqueName: null,
      attributes: options.attributes ?? {},
      state: 'active',
      stateUpdated: now,
      dateCreated: now,
      dateUpdated: now,
      createdBy: options.createdBy ?? 'system',
      documentSid: document.sid,
      messagesSid: messages.sid,
      rosterSid: roster.sid,
      waitingForAgent: false,
    };
    this.conversations.set(conversation.sid, conversation);
    this.participants.set(conversation.sid, new Map());
    this.messages.set(conversation.sid, new Map());
    this.writeDocument(conversation);
    this.changed({ type: 'conversation', sid: conversation.sid });
    return conversation;
  }

  updateConversation(
    sid: string,
    update: { friendlyName?: string | null; uniqueName?: string | null; attributes?: JsonObject; state?: ConversationState },
  ): ConversationRecord {
    const conversation = this.requireConversation(sid);
    const now = new Date().toISOString();
    if (update.friendlyName !== undefined) conversation.friendlyName = update.friendlyName;
    if (update.uniqueName !== undefined) conversation.uniqueName = update.uniqueName || null;
    if (update.attributes !== undefined) conversation.attributes = update.attributes;
    if (update.state !== undefined && update.state !== conversation.state) {
      conversation.state = update.state;
      conversation.stateUpdated = now;
      if (update.state === 'closed') conversation.waitingForAgent = false;
    }
    conversation.dateUpdated = now;
    this.writeDocument(conversation);
    this.changed({ type: 'conversation', sid });
    return conversation;
  }

  setWaitingForAgent(sid: string, waiting: boolean): void {
    const conversation = this.requireConversation(sid);
    if (conversation.waitingForAgent === waiting) return;
    conversation.waitingForAgent = waiting;
    this.changed({ type: 'conversation', sid });
  }

  private writeDocument(conversation: ConversationRecord): void {
    const last = this.lastMessage(conversation.sid);
    const data: JsonObject = {
      messages: conversation.messagesSid,
      roster: conversation.rosterSid,
      attributes: conversation.attributes,
      friendlyName: conversation.friendlyName,
      uniqueName: conversation.uniqueName,
      createdBy: conversation.createdBy,
      dateCreated: conversation.dateCreated,
      dateUpdated: conversation.dateUpdated,
      state: { current: conversation.state, dateUpdated: conversation.stateUpdated },
    };
    if (last) data.lastMessage = { index: last.index, timestamp: last.dateCreated };
    this.sync.updateDocument(conversation.documentSid, data);
  }

  // ---- participants ----

  listParticipants(conversationSid: string): ParticipantRecord[] {
    return [...(this.participants.get(conversationSid)?.values() ?? [])];
  }

  getParticipant(conversationSid: string, identityOrSid: string): ParticipantRecord | undefined {
    const byIdentity = this.participants.get(conversationSid);
    return byIdentity?.get(identityOrSid) ?? [...(byIdentity?.values() ?? [])].find((p) => p.sid === identityOrSid);
  }

  addParticipant(
    conversationSid: string,
    identity: string,
    options: { role: ParticipantRole; attributes?: JsonObject; friendlyName?: string | null },
  ): ParticipantRecord {
    const conversation = this.requireConversation(conversationSid);
    const user = this.ensureUser(identity, options.friendlyName);
    const existing = this.getParticipant(conversationSid, identity);
    if (existing) return existing;
    const now = new Date().toISOString();
    const participant: ParticipantRecord = {
      sid: newSid('MB'),
      conversationSid,
      identity,
      role: options.role,
      attributes: options.attributes ?? {},
      dateCreated: now,
      dateUpdated: now,
      lastReadMessageIndex: null,
      lastReadTimestamp: null,
    };
    this.participants.get(conversationSid)?.set(identity, participant);
    if (options.role === 'agent') conversation.waitingForAgent = false;
    this.writeRosterItem(participant, user);
    this.writeMyConversationsItem(conversation, participant, user);
    this.changed({ type: 'conversation', sid: conversationSid });
    return participant;
  }

  updateParticipant(conversationSid: string, identityOrSid: string, update: { attributes?: JsonObject }): ParticipantRecord {
    const participant = this.requireParticipant(conversationSid, identityOrSid);
    if (update.attributes !== undefined) participant.attributes = update.attributes;
    participant.dateUpdated = new Date().toISOString();
    this.writeRosterItem(participant, this.ensureUser(participant.identity));
    this.changed({ type: 'conversation', sid: conversationSid });
    return participant;
  }

  removeParticipant(conversationSid: string, identityOrSid: string): void {
    const participant = this.requireParticipant(conversationSid, identityOrSid);
    const user = this.ensureUser(participant.identity);
    this.participants.get(conversationSid)?.delete(participant.identity);
    this.sync.removeItem(this.requireConversation(conversationSid).rosterSid, participant.sid);
    this.sync.removeItem(user.myConversationsMapSid, conversationSid);
    this.changed({ type: 'conversation', sid: conversationSid });
  }

  requireParticipant(conversationSid: string, identityOrSid: string): ParticipantRecord {
    const participant = this.getParticipant(conversationSid, identityOrSid);
    if (!participant) {
      throw new TwilioApiError(404, 50350, `Participant ${identityOrSid} is not a participant of conversation ${conversationSid}`);
    }
    return participant;
  }

  private writeRosterItem(participant: ParticipantRecord, user: UserRecord): void {
    const conversation = this.requireConversation(participant.conversationSid);
    this.sync.setItem(conversation.rosterSid, participant.sid, {
      sid: participant.sid,
      identity: participant.identity,
      attributes: JSON.stringify(participant.attributes),
      dateCreated: participant.dateCreated,
      dateUpdated: participant.dateUpdated,
      roleSid: ROLE_SIDS[participant.role],
      lastConsumedMessageIndex: participant.lastReadMessageIndex,
      lastConsumptionTimestamp: participant.lastReadTimestamp,
      type: 'chat',
      userInfo: user.infoMapSid,
    });
  }

  private writeMyConversationsItem(conversation: ConversationRecord, participant: ParticipantRecord, user: UserRecord): void {
    this.sync.setItem(user.myConversationsMapSid, conversation.sid, {
      channel_sid: conversation.sid,
      status: 'joined',
      channel: conversation.documentSid,
      messages: conversation.messagesSid,
      roster: conversation.rosterSid,
      lastConsumedMessageIndex: participant.lastReadMessageIndex,
      notificationLevel: 'default',
    });
  }

  // ---- read horizons ----

  /** Sets a participant's last read message index; returns their unread count. */
  setReadHorizon(conversationSid: string, identity: string, index: number | null): number {
    const conversation = this.requireConversation(conversationSid);
    const participant = this.requireParticipant(conversationSid, identity);
    const user = this.ensureUser(participant.identity);
    if (participant.lastReadMessageIndex !== index) {
      const now = new Date().toISOString();
      participant.lastReadMessageIndex = index;
      participant.lastReadTimestamp = now;
      participant.dateUpdated = now;
      this.writeRosterItem(participant, user);
      this.writeMyConversationsItem(conversation, participant, user);
      this.changed({ type: 'conversation', sid: conversationSid });
    }
    return this.unreadCount(conversationSid, identity);
  }

  unreadCount(conversationSid: string, identity: string): number {
    const participant = this.getParticipant(conversationSid, identity);
    const horizon = participant?.lastReadMessageIndex ?? -1;
    return this.listMessages(conversationSid).filter((m) => m.index > horizon).length;
  }

  // ---- messages ----

  listMessages(conversationSid: string): MessageRecord[] {
    return [...(this.messages.get(conversationSid)?.values() ?? [])].sort((a, b) => a.index - b.index);
  }

  lastMessage(conversationSid: string): MessageRecord | undefined {
    const list = this.listMessages(conversationSid);
    return list[list.length - 1];
  }

  getMessage(conversationSid: string, indexOrSid: string | number): MessageRecord | undefined {
    const messages = this.messages.get(conversationSid);
    if (!messages) return undefined;
    if (typeof indexOrSid === 'number') return messages.get(indexOrSid);
    if (/^\d+$/.test(indexOrSid)) return messages.get(Number(indexOrSid));
    return [...messages.values()].find((m) => m.sid === indexOrSid);
  }

  addMessage(
    conversationSid: string,
    message: { author: string; body?: string | null; attributes?: JsonObject; mediaSids?: string[] },
  ): MessageRecord {
    const conversation = this.requireConversation(conversationSid);
    const mediaSids = message.mediaSids ?? [];
    for (const sid of mediaSids) {
      const media = this.media.get(sid);
      if (!media) throw new TwilioApiError(400, 50510, `Media ${sid} was not found: upload it first`);
      if (media.messageSid) throw new TwilioApiError(400, 50511, `Media ${sid} is already attached to message ${media.messageSid}`);
    }
    const now = new Date().toISOString();
    const participant = this.getParticipant(conversationSid, message.author);
    const list = this.sync.get(conversation.messagesSid);
    const index = list?.nextIndex ?? 0;
    const record: MessageRecord = {
      sid: newSid('IM'),
      conversationSid,
      index,
      author: message.author,
      body: message.body ?? (mediaSids.length > 0 ? null : ''),
      attributes: message.attributes ?? {},
      mediaSids,
      participantSid: participant?.sid ?? null,
      dateCreated: now,
      dateUpdated: now,
    };
    for (const sid of mediaSids) {
      const media = this.media.get(sid);
      if (media) {
        media.messageSid = record.sid;
        media.conversationSid = conversationSid;
      }
    }
    const appended = this.sync.appendListItem(conversation.messagesSid, this.messageItemData(record));
    if (appended !== index) throw new Error('message index out of step with its Sync list');
    this.messages.get(conversationSid)?.set(index, record);
    conversation.dateUpdated = now;
    this.writeDocument(conversation);
    this.changed({ type: 'conversation', sid: conversationSid });
    return record;
  }

  updateMessage(conversationSid: string, indexOrSid: string | number, update: { body?: string; attributes?: JsonObject }): MessageRecord {
    const conversation = this.requireConversation(conversationSid);
    const message = this.requireMessage(conversationSid, indexOrSid);
    if (update.body !== undefined) message.body = update.body;
    if (update.attributes !== undefined) message.attributes = update.attributes;
    message.dateUpdated = new Date().toISOString();
    this.sync.setItem(conversation.messagesSid, message.index, this.messageItemData(message));
    this.changed({ type: 'conversation', sid: conversationSid });
    return message;
  }

  removeMessage(conversationSid: string, indexOrSid: string | number): void {
    const conversation = this.requireConversation(conversationSid);
    const message = this.requireMessage(conversationSid, indexOrSid);
    this.messages.get(conversationSid)?.delete(message.index);
    this.sync.removeItem(conversation.messagesSid, message.index);
    this.writeDocument(conversation);
    this.changed({ type: 'conversation', sid: conversationSid });
  }

  requireMessage(conversationSid: string, indexOrSid: string | number): MessageRecord {
    const message = this.getMessage(conversationSid, indexOrSid);
    if (!message) throw new TwilioApiError(404, 20404, `Message ${indexOrSid} was not found in conversation ${conversationSid}`);
    return message;
  }

  private messageItemData(message: MessageRecord): JsonObject {
    const medias = message.mediaSids.flatMap((sid) => {
      const media = this.media.get(sid);
      return media
        ? [{ sid: media.sid, category: media.category, filename: media.filename, contentType: media.contentType, size: media.size }]
        : [];
    });
    const data: JsonObject = {
      sid: message.sid,
      author: message.author,
      text: message.body,
      attributes: JSON.stringify(message.attributes),
      timestamp: message.dateCreated,
      dateUpdated: message.dateUpdated,
      lastUpdatedBy: null,
      type: medias.length > 0 ? 'media' : 'text',
      memberSid: message.participantSid,
    };
    if (medias.length > 0) data.medias = medias;
    return data;
  }

  // ---- media ----

  getMedia(sid: string): MediaRecord | undefined {
    return this.media.get(sid);
  }

  addMedia(media: { author: string; filename: string | null; contentType: string; content: Buffer; category?: string }): MediaRecord {
    const record: MediaRecord = {
      sid: newSid('ME'),
      author: media.author,
      filename: media.filename,
      contentType: media.contentType,
      size: media.content.length,
      category: media.category ?? 'media',
      dateCreated: new Date().toISOString(),
      conversationSid: null,
      messageSid: null,
      content: media.content.toString('base64'),
    };
    this.media.set(record.sid, record);
    return record;
  }

  // ---- typing ----

  typing(conversationSid: string, identity: string): void {
    this.requireParticipant(conversationSid, identity);
    this.changed({ type: 'typing', sid: conversationSid, identity });
  }

  // ---- persistence ----

  toJSON(): SerializedState {
    return {
      version: 1,
      users: [...this.users.values()],
      conversations: [...this.conversations.values()],
      participants: [...this.participants.values()].flatMap((byIdentity) => [...byIdentity.values()]),
      messages: [...this.messages.values()].flatMap((byIndex) => [...byIndex.values()]),
      media: [...this.media.values()],
      sync: this.sync.toJSON(),
    };
  }

  load(data: SerializedState): void {
    this.users.clear();
    this.conversations.clear();
    this.participants.clear();
    this.messages.clear();
    this.media.clear();
    this.sync.load(data.sync);
    for (const user of data.users) this.users.set(user.identity, user);
    for (const conversation of data.conversations) {
      this.conversations.set(conversation.sid, conversation);
      this.participants.set(conversation.sid, new Map());
      this.messages.set(conversation.sid, new Map());
    }
    for (const participant of data.participants) this.participants.get(participant.conversationSid)?.set(participant.identity, participant);
    for (const message of data.messages) this.messages.get(message.conversationSid)?.set(message.index, message);
    for (const media of data.media) this.media.set(media.sid, media);
  }
}
