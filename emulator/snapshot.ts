/**
 * The emulator's state as one JSON value (what `--data FILE` holds): the domain's records and the
 * Sync projection (its objects with their event logs, so clients that reconnect after a restart
 * replay exactly what they missed). Version 2; version 1 files (the domain records carried their
 * Sync object SIDs and the messages List assigned message indexes) are read and converted.
 */
import type { ConversationRecord, EmulatorState, SerializedDomain, UserRecord } from './state.ts';
import type {
  ConversationSyncObjects,
  SerializedSyncProjection,
  SyncProjection,
  UserSyncObjects,
} from './sync/projection.ts';
import type { SerializedSyncObject } from './sync/sync-store.ts';

export interface EmulatorSnapshot extends SerializedDomain {
  version: 2;
  sync: SerializedSyncProjection;
}

export function takeSnapshot(state: EmulatorState, sync: SyncProjection): EmulatorSnapshot {
  return { version: 2, ...state.toJSON(), sync: sync.toJSON() };
}

/** Loads a snapshot of this version or version 1; throws, saying why, on anything else. */
export function restoreSnapshot(state: EmulatorState, sync: SyncProjection, data: unknown): void {
  const version = typeof data === 'object' && data !== null && 'version' in data ? data.version : undefined;
  const snapshot =
    version === 2 ? (data as EmulatorSnapshot) : version === 1 ? fromVersion1(data as SnapshotVersion1) : undefined;
  if (!snapshot) throw new Error(`it was written by another version of the emulator (version ${String(version)})`);
  state.load(snapshot);
  sync.load(snapshot.sync);
}

export function emptySnapshot(): EmulatorSnapshot {
  return {
    version: 2,
    users: [],
    conversations: [],
    participants: [],
    messages: [],
    media: [],
    sync: { objects: [], conversations: {}, users: {} },
  };
}

interface SnapshotVersion1 extends Omit<SerializedDomain, 'users' | 'conversations'> {
  version: 1;
  users: (UserRecord & { infoMapSid: string; myConversationsMapSid: string })[];
  conversations: (Omit<ConversationRecord, 'nextMessageIndex'> & {
    documentSid: string;
    messagesSid: string;
    rosterSid: string;
  })[];
  sync: (SerializedSyncObject & { nextIndex?: number })[];
}

function fromVersion1(data: SnapshotVersion1): EmulatorSnapshot {
  const listNextIndex = new Map(data.sync.map((object) => [object.sid, object.nextIndex ?? 0]));
  const users: Record<string, UserSyncObjects> = {};
  const conversations: Record<string, ConversationSyncObjects> = {};
  return {
    version: 2,
    users: data.users.map(({ infoMapSid, myConversationsMapSid, ...user }) => {
      users[user.identity] = { info: infoMapSid, myConversations: myConversationsMapSid };
      return user;
    }),
    conversations: data.conversations.map(({ documentSid, messagesSid, rosterSid, ...conversation }) => {
      conversations[conversation.sid] = { document: documentSid, messages: messagesSid, roster: rosterSid };
      // The messages List assigned indexes; it knew the next one even after the last message was removed.
      const highest = Math.max(
        -1,
        ...data.messages.filter((m) => m.conversationSid === conversation.sid).map((m) => m.index),
      );
      return { ...conversation, nextMessageIndex: Math.max(listNextIndex.get(messagesSid) ?? 0, highest + 1) };
    }),
    participants: data.participants,
    messages: data.messages,
    media: data.media,
    sync: { objects: data.sync.map(({ nextIndex: _nextIndex, ...object }) => object), conversations, users },
  };
}
