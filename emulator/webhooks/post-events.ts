/**
 * Twilio Conversations' post-event webhooks, from the domain's events: which event a change is
 * (`onMessageAdded`, `onConversationStateUpdated`, …) and its form parameters, named as Twilio
 * names them. Pure: delivery is post-event-webhooks.ts.
 */
import type { DevCredentials } from '../dev-credentials.ts';
import {
  ROLE_SIDS,
  type ConversationRecord,
  type DomainEvent,
  type EmulatorState,
  type MessageRecord,
  type ParticipantRecord,
} from '../state.ts';
import type { EventOrigin } from './event-origin.ts';

export const POST_EVENT_TYPES = [
  'onConversationAdded',
  'onConversationUpdated',
  'onConversationRemoved',
  'onConversationStateUpdated',
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
] as const;

export type PostEventType = (typeof POST_EVENT_TYPES)[number];

export interface PostEvent {
  type: PostEventType;
  conversationSid: string;
  /** The message's body, for `trigger` webhooks' keywords. */
  messageBody?: string;
  /** The form parameters (without `RetryCount`, which delivery adds on a retry). */
  params: Record<string, string>;
}

export function postEventsOf(
  event: DomainEvent,
  origin: EventOrigin,
  state: EmulatorState,
  credentials: DevCredentials,
): PostEvent[] {
  const common = (type: PostEventType): Record<string, string> => ({
    AccountSid: credentials.accountSid,
    ChatServiceSid: credentials.conversationsServiceSid,
    EventType: type,
    Source: origin.source,
    ...(origin.clientIdentity ? { ClientIdentity: origin.clientIdentity } : {}),
  });
  const conversationEvent = (type: PostEventType, c: ConversationRecord): PostEvent => ({
    type,
    conversationSid: c.sid,
    params: { ...common(type), ...conversationParams(c) },
  });
  const messageEvent = (type: PostEventType, m: MessageRecord): PostEvent => ({
    type,
    conversationSid: m.conversationSid,
    messageBody: m.body ?? '',
    params: { ...common(type), ...messageParams(m, state) },
  });
  const participantEvent = (type: PostEventType, p: ParticipantRecord): PostEvent => ({
    type,
    conversationSid: p.conversationSid,
    params: { ...common(type), ...participantParams(p) },
  });

  switch (event.type) {
    case 'conversationAdded':
      return [conversationEvent('onConversationAdded', event.conversation)];
    case 'conversationUpdated': {
      const { conversation, previousState } = event;
      const updated = conversationEvent('onConversationUpdated', conversation);
      if (previousState === conversation.state) return [updated];
      const stateUpdated: PostEvent = {
        type: 'onConversationStateUpdated',
        conversationSid: conversation.sid,
        params: {
          ...common('onConversationStateUpdated'),
          ConversationSid: conversation.sid,
          StateFrom: previousState,
          StateTo: conversation.state,
          StateUpdated: conversation.stateUpdated,
          Reason: 'API',
        },
      };
      return [stateUpdated, updated];
    }
    case 'conversationRemoved':
      return [conversationEvent('onConversationRemoved', event.conversation)];
    case 'messageAdded':
      return [messageEvent('onMessageAdded', event.message)];
    case 'messageUpdated':
      return [messageEvent('onMessageUpdated', event.message)];
    case 'messageRemoved':
      return [messageEvent('onMessageRemoved', event.message)];
    case 'participantAdded':
      return [participantEvent('onParticipantAdded', event.participant)];
    case 'participantUpdated':
      return [participantEvent('onParticipantUpdated', event.participant)];
    case 'participantRemoved':
      return [participantEvent('onParticipantRemoved', event.participant)];
    case 'userAdded':
    case 'userUpdated':
    case 'waitingForAgentChanged':
    case 'readHorizonChanged':
    case 'typing':
      return [];
  }
}

function conversationParams(c: ConversationRecord): Record<string, string> {
  return {
    ConversationSid: c.sid,
    DateCreated: c.dateCreated,
    DateUpdated: c.dateUpdated,
    ...(c.friendlyName !== null ? { FriendlyName: c.friendlyName } : {}),
    ...(c.uniqueName !== null ? { UniqueName: c.uniqueName } : {}),
    Attributes: JSON.stringify(c.attributes),
    State: c.state,
  };
}

function messageParams(m: MessageRecord, state: EmulatorState): Record<string, string> {
  const media = state.mediaOf(m).map((record) => ({
    Sid: record.sid,
    Filename: record.filename,
    ContentType: record.contentType,
    Size: record.size,
    Category: record.category,
  }));
  return {
    ConversationSid: m.conversationSid,
    MessageSid: m.sid,
    Index: String(m.index),
    DateCreated: m.dateCreated,
    DateUpdated: m.dateUpdated,
    ...(m.body !== null ? { Body: m.body } : {}),
    Author: m.author,
    ...(m.participantSid !== null ? { ParticipantSid: m.participantSid } : {}),
    Attributes: JSON.stringify(m.attributes),
    ...(media.length > 0 ? { Media: JSON.stringify(media) } : {}),
  };
}

function participantParams(p: ParticipantRecord): Record<string, string> {
  return {
    ConversationSid: p.conversationSid,
    ParticipantSid: p.sid,
    Identity: p.identity,
    RoleSid: ROLE_SIDS[p.role],
    Attributes: JSON.stringify(p.attributes),
    DateCreated: p.dateCreated,
    DateUpdated: p.dateUpdated,
    ...(p.lastReadMessageIndex !== null ? { LastReadMessageIndex: String(p.lastReadMessageIndex) } : {}),
  };
}
