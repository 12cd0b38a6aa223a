/**
 * The emulator's model of Flex Conversations: users, conversations, participants, messages (whose
 * indexes it assigns), media and read horizons. It knows no wire format: each change is announced
 * as a `DomainEvent` that says what changed (the Sync projection in sync/projection.ts turns them
 * into the Sync objects SDK clients read) and as a `StateChange` that says which conversation
 * changed (for observers: the control API's event stream, persistence, typing notifications).
 */
import { CONVERSATION_STATES, type ConversationState } from '../contracts/conversation.ts';
import { newSid } from './ids.ts';
import type { JsonObject } from './json.ts';
import { TwilioApiError } from './twilio-errors.ts';

export type ParticipantRole = 'customer' | 'agent';
/** The role SIDs (`RL…`) the emulator's service gives its two conversation roles. */
export const ROLE_SIDS: Readonly<Record<ParticipantRole, string>> = Object.freeze({
  customer: 'RL00000000000000000000000000000001',
  agent: 'RL00000000000000000000000000000002',
});
export { CONVERSATION_STATES, type ConversationState };

export interface UserRecord {
  /** US…: Twilio makes a Conversations user for every identity that takes part. */
  sid: string;
  identity: string;
  friendlyName: string | null;
  attributes: JsonObject;
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
  /** The index the next message gets: indexes only grow, so a removed message leaves a hole. */
  nextMessageIndex: number;
  /** "Send to Flex" happened and no agent has joined yet: the conversation is in the agents' queue. */
  waitingForAgent: boolean;
  /**
   * Who closed it: the agent (console, control API) or the visitor (the web chat server's REST call,
   * POST /api/webchat/end). Absent while open, and in snapshots from before it existed.
   */
  endedBy?: ConversationEnder;
}

export type ConversationEnder = 'agent' | 'visitor';

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
  /** The Content template (`HX…`) the message carries; absent for plain messages. */
  contentSid?: string;
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

/** What a conversation-scoped webhook does: post events to a URL, on keywords, or run a Studio flow. */
export type WebhookTarget = 'webhook' | 'trigger' | 'studio';
export const WEBHOOK_TARGETS: readonly WebhookTarget[] = ['webhook', 'trigger', 'studio'];

/** A conversation-scoped webhook (`WH…`), its configuration as Twilio takes it. */
export interface ConversationWebhookRecord {
  sid: string;
  conversationSid: string;
  target: WebhookTarget;
  url: string | null;
  method: 'get' | 'post';
  /** Post-event names (`onMessageAdded`, …) it is sent for. */
  filters: string[];
  /** Keywords (target `trigger`). */
  triggers: string[];
  flowSid: string | null;
  replayAfter: number | null;
  dateCreated: string;
  dateUpdated: string;
}

export type UserField = 'friendlyName' | 'attributes';

/** Exactly what changed, with the records as they are after the change. */
export type DomainEvent =
  | { type: 'userAdded'; user: UserRecord }
  | { type: 'userUpdated'; user: UserRecord; fields: readonly UserField[] }
  | { type: 'conversationAdded'; conversation: ConversationRecord }
  /** Names, attributes or state (`previousState` is the state before); not the queue flag. */
  | { type: 'conversationUpdated'; conversation: ConversationRecord; previousState: ConversationState }
  /** Deleted with everything in it; `participants` are those it had. */
  | { type: 'conversationRemoved'; conversation: ConversationRecord; participants: ParticipantRecord[] }
  | { type: 'waitingForAgentChanged'; conversation: ConversationRecord }
  | { type: 'participantAdded'; participant: ParticipantRecord }
  | { type: 'participantUpdated'; participant: ParticipantRecord }
  | { type: 'participantRemoved'; participant: ParticipantRecord }
  | { type: 'readHorizonChanged'; participant: ParticipantRecord }
  /** The conversation's `dateUpdated` moved with it. */
  | { type: 'messageAdded'; message: MessageRecord }
  | { type: 'messageUpdated'; message: MessageRecord }
  | { type: 'messageRemoved'; message: MessageRecord }
  | { type: 'typing'; conversationSid: string; identity: string };

/** Which conversation changed (or who is typing in it). */
export type StateChange = { type: 'conversation'; sid: string } | { type: 'typing'; sid: string; identity: string };

export interface SerializedDomain {
  users: UserRecord[];
  conversations: ConversationRecord[];
  participants: ParticipantRecord[];
  messages: MessageRecord[];
  media: MediaRecord[];
  /** Absent in files from before conversation-scoped webhooks. */
  webhooks?: ConversationWebhookRecord[];
}

export class EmulatorState {
  private readonly users = new Map<string, UserRecord>();
  private readonly conversations = new Map<string, ConversationRecord>();
  /** conversation SID → participants by identity. */
  private readonly participants = new Map<string, Map<string, ParticipantRecord>>();
  /** conversation SID → messages by index (a removed message leaves a hole). */
  private readonly messages = new Map<string, Map<number, MessageRecord>>();
  private readonly media = new Map<string, MediaRecord>();
  /** conversation SID → its scoped webhooks by SID. */
  private readonly webhooks = new Map<string, Map<string, ConversationWebhookRecord>>();
  private readonly eventListeners = new Set<(event: DomainEvent) => void>();
  private readonly changeListeners = new Set<(change: StateChange) => void>();

  /** Every change, in detail; these listeners run before the `onChange` ones. */
  onEvent(listener: (event: DomainEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onChange(listener: (change: StateChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private emit(event: DomainEvent): void {
    for (const listener of this.eventListeners) listener(event);
    for (const change of this.changesOf(event)) {
      for (const listener of this.changeListeners) listener(change);
    }
  }

  private changesOf(event: DomainEvent): StateChange[] {
    switch (event.type) {
      case 'userAdded':
        return [];
      case 'userUpdated':
        return this.conversationsOf(event.user.identity).map((c) => ({ type: 'conversation', sid: c.sid }));
      case 'conversationAdded':
      case 'conversationUpdated':
      case 'conversationRemoved':
      case 'waitingForAgentChanged':
        return [{ type: 'conversation', sid: event.conversation.sid }];
      case 'participantAdded':
      case 'participantUpdated':
      case 'participantRemoved':
      case 'readHorizonChanged':
        return [{ type: 'conversation', sid: event.participant.conversationSid }];
      case 'messageAdded':
      case 'messageUpdated':
      case 'messageRemoved':
        return [{ type: 'conversation', sid: event.message.conversationSid }];
      case 'typing':
        return [{ type: 'typing', sid: event.conversationSid, identity: event.identity }];
    }
  }

  // ---- users ----

  getUser(identity: string): UserRecord | undefined {
    return this.users.get(identity);
  }

  findUserBySid(sid: string): UserRecord | undefined {
    for (const user of this.users.values()) if (user.sid === sid) return user;
    return undefined;
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
    const user: UserRecord = {
      sid: newSid('US'),
      identity,
      friendlyName: friendlyName ?? null,
      attributes: {},
      dateCreated: now,
      dateUpdated: now,
    };
    this.users.set(identity, user);
    this.emit({ type: 'userAdded', user });
    return user;
  }

  updateUser(identity: string, update: { friendlyName?: string | null; attributes?: JsonObject }): UserRecord {
    const user = this.ensureUser(identity);
    user.dateUpdated = new Date().toISOString();
    const fields: UserField[] = [];
    if (update.friendlyName !== undefined) {
      user.friendlyName = update.friendlyName;
      fields.push('friendlyName');
    }
    if (update.attributes !== undefined) {
      user.attributes = update.attributes;
      fields.push('attributes');
    }
    this.emit({ type: 'userUpdated', user, fields });
    return user;
  }

  // ---- conversations ----

  getConversation(sid: string): ConversationRecord | undefined {
    return this.conversations.get(sid);
  }

  listConversations(): ConversationRecord[] {
    return [...this.conversations.values()].sort((a, b) =>
      a.dateCreated < b.dateCreated ? 1 : a.dateCreated > b.dateCreated ? -1 : 0,
    );
  }

  requireConversation(sid: string): ConversationRecord {
    const conversation = this.conversations.get(sid);
    if (!conversation)
      throw new TwilioApiError(404, 20404, `The requested resource /Conversations/${sid} was not found`);
    return conversation;
  }

  /** A conversation by SID or by unique name (Twilio's REST paths take either). */
  requireConversationBySidOrUniqueName(sidOrUniqueName: string): ConversationRecord {
    const bySid = this.conversations.get(sidOrUniqueName);
    if (bySid) return bySid;
    const byName = [...this.conversations.values()].find((c) => c.uniqueName === sidOrUniqueName);
    return byName ?? this.requireConversation(sidOrUniqueName);
  }

  private assertUniqueNameFree(uniqueName: string | null | undefined, sid?: string): void {
    if (!uniqueName) return;
    const holder = [...this.conversations.values()].find((c) => c.uniqueName === uniqueName && c.sid !== sid);
    if (holder)
      throw new TwilioApiError(409, 50353, `Conversation with provided unique name already exists: ${holder.sid}`);
  }

  conversationsOf(identity: string): ConversationRecord[] {
    return this.listConversations().filter((c) => this.participants.get(c.sid)?.has(identity));
  }

  createConversation(options: {
    friendlyName?: string | null;
    uniqueName?: string | null;
    attributes?: JsonObject;
    state?: ConversationState;
    createdBy?: string;
    dateCreated?: string;
    dateUpdated?: string;
  }): ConversationRecord {
    this.assertUniqueNameFree(options.uniqueName);
    const now = new Date().toISOString();
    const dateCreated = options.dateCreated ?? now;
    const conversation: ConversationRecord = {
      sid: newSid('CH'),
      friendlyName: options.friendlyName ?? null,
      uniqueName: options.uniqueName || null,
      attributes: options.attributes ?? {},
      state: options.state ?? 'active',
      stateUpdated: dateCreated,
      dateCreated,
      dateUpdated: options.dateUpdated ?? dateCreated,
      createdBy: options.createdBy ?? 'system',
      nextMessageIndex: 0,
      waitingForAgent: false,
    };
    this.conversations.set(conversation.sid, conversation);
    this.participants.set(conversation.sid, new Map());
    this.messages.set(conversation.sid, new Map());
    this.emit({ type: 'conversationAdded', conversation });
    return conversation;
  }

  updateConversation(
    sid: string,
    update: {
      friendlyName?: string | null;
      uniqueName?: string | null;
      attributes?: JsonObject;
      state?: ConversationState;
      /** With state `closed`: who closed it. */
      endedBy?: ConversationEnder;
      dateCreated?: string;
      /** Default: now. */
      dateUpdated?: string;
    },
  ): ConversationRecord {
    const conversation = this.requireConversation(sid);
    this.assertUniqueNameFree(update.uniqueName, sid);
    const now = new Date().toISOString();
    const previousState = conversation.state;
    if (update.friendlyName !== undefined) conversation.friendlyName = update.friendlyName;
    if (update.uniqueName !== undefined) conversation.uniqueName = update.uniqueName || null;
    if (update.attributes !== undefined) conversation.attributes = update.attributes;
    if (update.state !== undefined && update.state !== conversation.state) {
      conversation.state = update.state;
      conversation.stateUpdated = now;
      if (update.state === 'closed') {
        conversation.waitingForAgent = false;
        if (update.endedBy) conversation.endedBy = update.endedBy;
      }
    }
    if (update.dateCreated !== undefined) conversation.dateCreated = update.dateCreated;
    conversation.dateUpdated = update.dateUpdated ?? now;
    this.emit({ type: 'conversationUpdated', conversation, previousState });
    return conversation;
  }

  /** Deletes a conversation with its participants, messages and their media (as Twilio's DELETE does). */
  removeConversation(sid: string): void {
    const conversation = this.requireConversation(sid);
    const participants = this.listParticipants(sid);
    for (const message of this.listMessages(sid)) for (const mediaSid of message.mediaSids) this.media.delete(mediaSid);
    this.conversations.delete(sid);
    this.participants.delete(sid);
    this.messages.delete(sid);
    this.webhooks.delete(sid);
    this.emit({ type: 'conversationRemoved', conversation, participants });
  }

  // ---- conversation-scoped webhooks (configuration only: nothing in Sync shows them) ----

  listWebhooks(conversationSid: string): ConversationWebhookRecord[] {
    return [...(this.webhooks.get(conversationSid)?.values() ?? [])];
  }

  addWebhook(
    conversationSid: string,
    webhook: Omit<ConversationWebhookRecord, 'sid' | 'conversationSid' | 'dateCreated' | 'dateUpdated'>,
  ): ConversationWebhookRecord {
    this.requireConversation(conversationSid);
    const now = new Date().toISOString();
    const record: ConversationWebhookRecord = {
      ...webhook,
      sid: newSid('WH'),
      conversationSid,
      dateCreated: now,
      dateUpdated: now,
    };
    const byConversation = this.webhooks.get(conversationSid) ?? new Map<string, ConversationWebhookRecord>();
    byConversation.set(record.sid, record);
    this.webhooks.set(conversationSid, byConversation);
    this.webhooksChanged(conversationSid);
    return record;
  }

  /** A webhook's configuration is no Sync matter: only the observers (persistence) hear of it. */
  private webhooksChanged(conversationSid: string): void {
    for (const listener of this.changeListeners) listener({ type: 'conversation', sid: conversationSid });
  }

  requireWebhook(conversationSid: string, sid: string): ConversationWebhookRecord {
    this.requireConversation(conversationSid);
    const webhook = this.webhooks.get(conversationSid)?.get(sid);
    if (!webhook)
      throw new TwilioApiError(
        404,
        20404,
        `The requested resource /Conversations/${conversationSid}/Webhooks/${sid} was not found`,
      );
    return webhook;
  }

  updateWebhook(
    conversationSid: string,
    sid: string,
    update: Partial<Pick<ConversationWebhookRecord, 'url' | 'method' | 'filters' | 'triggers' | 'flowSid'>>,
  ): ConversationWebhookRecord {
    const webhook = this.requireWebhook(conversationSid, sid);
    Object.assign(webhook, update, { dateUpdated: new Date().toISOString() });
    this.webhooksChanged(conversationSid);
    return webhook;
  }

  removeWebhook(conversationSid: string, sid: string): void {
    this.requireWebhook(conversationSid, sid);
    this.webhooks.get(conversationSid)?.delete(sid);
    this.webhooksChanged(conversationSid);
  }

  setWaitingForAgent(sid: string, waiting: boolean): void {
    const conversation = this.requireConversation(sid);
    if (conversation.waitingForAgent === waiting) return;
    conversation.waitingForAgent = waiting;
    this.emit({ type: 'waitingForAgentChanged', conversation });
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
    this.ensureUser(identity, options.friendlyName);
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
    this.emit({ type: 'participantAdded', participant });
    return participant;
  }

  updateParticipant(
    conversationSid: string,
    identityOrSid: string,
    update: {
      attributes?: JsonObject;
      role?: ParticipantRole;
      lastReadMessageIndex?: number | null;
      lastReadTimestamp?: string | null;
      dateCreated?: string;
      /** Default: now. */
      dateUpdated?: string;
    },
  ): ParticipantRecord {
    const participant = this.requireParticipant(conversationSid, identityOrSid);
    const horizonMoved =
      update.lastReadMessageIndex !== undefined && update.lastReadMessageIndex !== participant.lastReadMessageIndex;
    if (update.attributes !== undefined) participant.attributes = update.attributes;
    if (update.role !== undefined) participant.role = update.role;
    if (update.lastReadMessageIndex !== undefined) participant.lastReadMessageIndex = update.lastReadMessageIndex;
    if (update.lastReadTimestamp !== undefined) participant.lastReadTimestamp = update.lastReadTimestamp;
    if (update.dateCreated !== undefined) participant.dateCreated = update.dateCreated;
    participant.dateUpdated = update.dateUpdated ?? new Date().toISOString();
    this.emit({ type: 'participantUpdated', participant });
    if (horizonMoved) this.emit({ type: 'readHorizonChanged', participant });
    return participant;
  }

  removeParticipant(conversationSid: string, identityOrSid: string): void {
    const participant = this.requireParticipant(conversationSid, identityOrSid);
    this.participants.get(conversationSid)?.delete(participant.identity);
    this.emit({ type: 'participantRemoved', participant });
  }

  requireParticipant(conversationSid: string, identityOrSid: string): ParticipantRecord {
    const participant = this.getParticipant(conversationSid, identityOrSid);
    if (!participant) {
      throw new TwilioApiError(
        404,
        50350,
        `Participant ${identityOrSid} is not a participant of conversation ${conversationSid}`,
      );
    }
    return participant;
  }

  // ---- read horizons ----

  /** Sets a participant's last read message index; returns their unread count. */
  setReadHorizon(conversationSid: string, identity: string, index: number | null): number {
    this.requireConversation(conversationSid);
    const participant = this.requireParticipant(conversationSid, identity);
    if (participant.lastReadMessageIndex !== index) {
      const now = new Date().toISOString();
      participant.lastReadMessageIndex = index;
      participant.lastReadTimestamp = now;
      participant.dateUpdated = now;
      this.emit({ type: 'readHorizonChanged', participant });
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
    message: {
      author: string;
      body?: string | null;
      attributes?: JsonObject;
      mediaSids?: string[];
      contentSid?: string;
      dateCreated?: string;
      dateUpdated?: string;
    },
  ): MessageRecord {
    const conversation = this.requireConversation(conversationSid);
    const mediaSids = message.mediaSids ?? [];
    for (const sid of mediaSids) {
      const media = this.media.get(sid);
      if (!media) throw new TwilioApiError(400, 50510, `Media ${sid} was not found: upload it first`);
      if (media.messageSid)
        throw new TwilioApiError(400, 50511, `Media ${sid} is already attached to message ${media.messageSid}`);
    }
    const now = new Date().toISOString();
    const participant = this.getParticipant(conversationSid, message.author);
    const record: MessageRecord = {
      sid: newSid('IM'),
      conversationSid,
      index: conversation.nextMessageIndex,
      author: message.author,
      body: message.body ?? (mediaSids.length > 0 ? null : ''),
      attributes: message.attributes ?? {},
      mediaSids,
      participantSid: participant?.sid ?? null,
      dateCreated: message.dateCreated ?? now,
      dateUpdated: message.dateUpdated ?? message.dateCreated ?? now,
      ...(message.contentSid ? { contentSid: message.contentSid } : {}),
    };
    for (const sid of mediaSids) {
      const media = this.media.get(sid);
      if (media) {
        media.messageSid = record.sid;
        media.conversationSid = conversationSid;
      }
    }
    conversation.nextMessageIndex += 1;
    this.messages.get(conversationSid)?.set(record.index, record);
    conversation.dateUpdated = now;
    this.emit({ type: 'messageAdded', message: record });
    // As on Twilio: a message brings an inactive conversation (Flex's inactivity timer) back to active.
    if (conversation.state === 'inactive') this.updateConversation(conversationSid, { state: 'active' });
    return record;
  }

  updateMessage(
    conversationSid: string,
    indexOrSid: string | number,
    update: { author?: string; body?: string; attributes?: JsonObject; dateCreated?: string; dateUpdated?: string },
  ): MessageRecord {
    this.requireConversation(conversationSid);
    const message = this.requireMessage(conversationSid, indexOrSid);
    if (update.author !== undefined) message.author = update.author;
    if (update.body !== undefined) message.body = update.body;
    if (update.attributes !== undefined) message.attributes = update.attributes;
    if (update.dateCreated !== undefined) message.dateCreated = update.dateCreated;
    message.dateUpdated = update.dateUpdated ?? new Date().toISOString();
    this.emit({ type: 'messageUpdated', message });
    return message;
  }

  removeMessage(conversationSid: string, indexOrSid: string | number): void {
    this.requireConversation(conversationSid);
    const message = this.requireMessage(conversationSid, indexOrSid);
    this.messages.get(conversationSid)?.delete(message.index);
    this.emit({ type: 'messageRemoved', message });
  }

  requireMessage(conversationSid: string, indexOrSid: string | number): MessageRecord {
    const message = this.getMessage(conversationSid, indexOrSid);
    if (!message)
      throw new TwilioApiError(404, 20404, `Message ${indexOrSid} was not found in conversation ${conversationSid}`);
    return message;
  }

  // ---- media ----

  getMedia(sid: string): MediaRecord | undefined {
    return this.media.get(sid);
  }

  /** The media attached to a message, in attachment order. */
  mediaOf(message: MessageRecord): MediaRecord[] {
    return message.mediaSids.flatMap((sid) => {
      const media = this.media.get(sid);
      return media ? [media] : [];
    });
  }

  addMedia(media: {
    author: string;
    filename: string | null;
    contentType: string;
    content: Buffer;
    category?: string;
  }): MediaRecord {
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
    this.emit({ type: 'typing', conversationSid, identity });
  }

  // ---- persistence ----

  toJSON(): SerializedDomain {
    return {
      users: [...this.users.values()],
      conversations: [...this.conversations.values()],
      participants: [...this.participants.values()].flatMap((byIdentity) => [...byIdentity.values()]),
      messages: [...this.messages.values()].flatMap((byIndex) => [...byIndex.values()]),
      media: [...this.media.values()],
      webhooks: [...this.webhooks.values()].flatMap((bySid) => [...bySid.values()]),
    };
  }

  /** Replaces everything, announcing nothing (the Sync projection loads its own part). */
  load(data: SerializedDomain): void {
    this.users.clear();
    this.conversations.clear();
    this.participants.clear();
    this.messages.clear();
    this.media.clear();
    this.webhooks.clear();
    // Files written before users had SIDs get one.
    for (const user of data.users as (Omit<UserRecord, 'sid'> & { sid?: string })[])
      this.users.set(user.identity, { ...user, sid: user.sid ?? newSid('US') });
    for (const conversation of data.conversations) {
      this.conversations.set(conversation.sid, conversation);
      this.participants.set(conversation.sid, new Map());
      this.messages.set(conversation.sid, new Map());
    }
    for (const participant of data.participants)
      this.participants.get(participant.conversationSid)?.set(participant.identity, participant);
    for (const message of data.messages) this.messages.get(message.conversationSid)?.set(message.index, message);
    for (const media of data.media) this.media.set(media.sid, media);
    for (const webhook of data.webhooks ?? []) {
      const byConversation = this.webhooks.get(webhook.conversationSid) ?? new Map<string, ConversationWebhookRecord>();
      byConversation.set(webhook.sid, webhook);
      this.webhooks.set(webhook.conversationSid, byConversation);
    }
  }
}
