/**
 * The Sync objects the Conversations SDK reads, projected from the domain (state.ts): per
 * conversation a Document (the conversation), a List (its messages, at the indexes the domain
 * gave them) and a Map (its roster); per user a Map of their info and a Map of their
 * conversations. It follows the domain's events, so every change reaches subscribed clients as a
 * Sync event and stays in its object's log for replay. It only mirrors: it decides nothing.
 */
import type { JsonObject } from '../json.ts';
import type {
  ConversationRecord,
  DomainEvent,
  EmulatorState,
  MessageRecord,
  ParticipantRecord,
  UserField,
  UserRecord,
} from '../state.ts';
import { ROLE_SIDS } from '../state.ts';
import { SyncStore, type SerializedSyncObject } from './sync-store.ts';

/** The SIDs of the Sync objects that show one conversation. */
export interface ConversationSyncObjects {
  document: string;
  messages: string;
  roster: string;
}

/** The SIDs of the Sync Maps that show one user. */
export interface UserSyncObjects {
  info: string;
  myConversations: string;
}

export interface SerializedSyncProjection {
  objects: SerializedSyncObject[];
  conversations: Record<string, ConversationSyncObjects>;
  users: Record<string, UserSyncObjects>;
}

export class SyncProjection {
  readonly store = new SyncStore();
  private readonly conversations = new Map<string, ConversationSyncObjects>();
  private readonly users = new Map<string, UserSyncObjects>();

  constructor(private readonly state: EmulatorState) {
    state.onEvent((event) => this.apply(event));
  }

  conversationObjects(conversationSid: string): ConversationSyncObjects {
    const objects = this.conversations.get(conversationSid);
    if (!objects) throw new Error(`conversation ${conversationSid} has no Sync objects`);
    return objects;
  }

  userObjects(identity: string): UserSyncObjects {
    const objects = this.users.get(identity);
    if (!objects) throw new Error(`user ${identity} has no Sync objects`);
    return objects;
  }

  private apply(event: DomainEvent): void {
    switch (event.type) {
      case 'userAdded':
        this.users.set(event.user.identity, {
          info: this.store.create('map').sid,
          myConversations: this.store.create('map').sid,
        });
        return this.writeUserInfo(event.user, ['friendlyName', 'attributes']);
      case 'userUpdated':
        return this.writeUserInfo(event.user, event.fields);
      case 'conversationAdded':
        this.conversations.set(event.conversation.sid, {
          messages: this.store.create('list').sid,
          roster: this.store.create('map').sid,
          document: this.store.create('document').sid,
        });
        return this.writeDocument(event.conversation);
      case 'conversationUpdated':
        return this.writeDocument(event.conversation);
      case 'conversationRemoved':
        // Each participant's SDK sees the conversation leave its list: `conversationLeft`, then
        // `conversationRemoved` (and the Conversation's own `removed`), as on Twilio.
        for (const participant of event.participants)
          this.store.removeItem(this.userObjects(participant.identity).myConversations, event.conversation.sid);
        this.conversations.delete(event.conversation.sid);
        return;
      case 'waitingForAgentChanged':
        return; // Flex's queue is not part of what the SDK sees.
      case 'participantAdded':
      case 'readHorizonChanged':
        this.writeRosterItem(event.participant);
        return this.writeMyConversationsItem(event.participant);
      case 'participantUpdated':
        return this.writeRosterItem(event.participant);
      case 'participantRemoved':
        this.store.removeItem(
          this.conversationObjects(event.participant.conversationSid).roster,
          event.participant.sid,
        );
        return this.store.removeItem(
          this.userObjects(event.participant.identity).myConversations,
          event.participant.conversationSid,
        );
      case 'messageAdded':
      case 'messageUpdated':
        this.store.setItem(
          this.conversationObjects(event.message.conversationSid).messages,
          event.message.index,
          this.messageItem(event.message),
        );
        if (event.type === 'messageAdded')
          this.writeDocument(this.state.requireConversation(event.message.conversationSid));
        return;
      case 'messageRemoved':
        this.store.removeItem(this.conversationObjects(event.message.conversationSid).messages, event.message.index);
        return this.writeDocument(this.state.requireConversation(event.message.conversationSid));
      case 'typing':
        return; // Typing goes to clients as a Twilsock notification, not through Sync.
    }
  }

  private writeUserInfo(user: UserRecord, fields: readonly UserField[]): void {
    const { info } = this.userObjects(user.identity);
    for (const field of fields) {
      if (field === 'friendlyName') this.store.setItem(info, 'friendlyName', { value: user.friendlyName });
      else this.store.setItem(info, 'attributes', { value: JSON.stringify(user.attributes) });
    }
  }

  private writeDocument(conversation: ConversationRecord): void {
    const objects = this.conversationObjects(conversation.sid);
    const last = this.state.lastMessage(conversation.sid);
    const data: JsonObject = {
      messages: objects.messages,
      roster: objects.roster,
      attributes: conversation.attributes,
      friendlyName: conversation.friendlyName,
      uniqueName: conversation.uniqueName,
      createdBy: conversation.createdBy,
      dateCreated: conversation.dateCreated,
      dateUpdated: conversation.dateUpdated,
      state: { current: conversation.state, dateUpdated: conversation.stateUpdated },
    };
    if (last) data.lastMessage = { index: last.index, timestamp: last.dateCreated };
    this.store.updateDocument(objects.document, data);
  }

  private writeRosterItem(participant: ParticipantRecord): void {
    this.store.setItem(this.conversationObjects(participant.conversationSid).roster, participant.sid, {
      sid: participant.sid,
      identity: participant.identity,
      attributes: JSON.stringify(participant.attributes),
      dateCreated: participant.dateCreated,
      dateUpdated: participant.dateUpdated,
      roleSid: ROLE_SIDS[participant.role],
      lastConsumedMessageIndex: participant.lastReadMessageIndex,
      lastConsumptionTimestamp: participant.lastReadTimestamp,
      type: 'chat',
      userInfo: this.userObjects(participant.identity).info,
    });
  }

  private writeMyConversationsItem(participant: ParticipantRecord): void {
    const objects = this.conversationObjects(participant.conversationSid);
    this.store.setItem(this.userObjects(participant.identity).myConversations, participant.conversationSid, {
      channel_sid: participant.conversationSid,
      status: 'joined',
      channel: objects.document,
      messages: objects.messages,
      roster: objects.roster,
      lastConsumedMessageIndex: participant.lastReadMessageIndex,
      notificationLevel: 'default',
    });
  }

  private messageItem(message: MessageRecord): JsonObject {
    const medias = this.state.mediaOf(message).map((media) => ({
      sid: media.sid,
      category: media.category,
      filename: media.filename,
      contentType: media.contentType,
      size: media.size,
    }));
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
    // A Content template: Message.getContentData() reads it from the media of category "body".
    if (message.contentSid) data.contentSid = message.contentSid;
    return data;
  }

  // ---- persistence ----

  toJSON(): SerializedSyncProjection {
    return {
      objects: this.store.toJSON(),
      conversations: Object.fromEntries(this.conversations),
      users: Object.fromEntries(this.users),
    };
  }

  /** Replaces every Sync object and what they show (the domain loads its own part). */
  load(data: SerializedSyncProjection): void {
    this.store.load(data.objects);
    this.conversations.clear();
    this.users.clear();
    for (const [sid, objects] of Object.entries(data.conversations)) this.conversations.set(sid, objects);
    for (const [identity, objects] of Object.entries(data.users)) this.users.set(identity, objects);
  }
}
