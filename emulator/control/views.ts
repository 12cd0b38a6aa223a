/** What the control API shows of a conversation: its summary, and the detail with messages. */
import type { ConversationDetail, ConversationSummary, ControlMessage } from '../control-client.ts';
import type { FeedbackInbox } from '../feedback-inbox.ts';
import type { ConversationRecord, EmulatorState, MessageRecord } from '../state.ts';

export function createControlViews(state: EmulatorState, feedbackInbox: FeedbackInbox) {
  const participants = (sid: string) =>
    state.listParticipants(sid).map((p) => ({
      identity: p.identity,
      friendlyName: state.getUser(p.identity)?.friendlyName ?? null,
      role: p.role,
      lastReadMessageIndex: p.lastReadMessageIndex,
    }));

  const summary = (c: ConversationRecord): ConversationSummary => {
    const messages = state.listMessages(c.sid);
    const last = messages[messages.length - 1];
    const feedback = feedbackInbox.latestFor(c.sid);
    return {
      sid: c.sid,
      state: c.state,
      friendlyName: c.friendlyName,
      attributes: c.attributes,
      participants: participants(c.sid),
      messageCount: messages.length,
      lastMessageIndex: last?.index ?? null,
      lastMessage: last
        ? {
            index: last.index,
            author: last.author,
            body: last.body,
            mediaCount: state.mediaOf(last).filter((media) => media.category === 'media').length,
            dateCreated: last.dateCreated,
          }
        : null,
      waitingForAgent: c.waitingForAgent,
      endedBy: c.state === 'closed' ? (c.endedBy ?? null) : null,
      feedback: feedback
        ? { rating: feedback.rating, comment: feedback.comment, submittedAt: feedback.submittedAt }
        : null,
      dateCreated: c.dateCreated,
      dateUpdated: c.dateUpdated,
    };
  };

  const message = (m: MessageRecord, base: string): ControlMessage => ({
    index: m.index,
    sid: m.sid,
    author: m.author,
    authorFriendlyName: state.getUser(m.author)?.friendlyName ?? null,
    body: m.body,
    attributes: m.attributes,
    contentSid: m.contentSid ?? null,
    // Attachments only: a Content template's data (category "body") is not a file.
    media: state
      .mediaOf(m)
      .filter((media) => media.category === 'media')
      .map((media) => ({
        sid: media.sid,
        filename: media.filename,
        contentType: media.contentType,
        size: media.size,
        url: `${base}/emulator/media/${media.sid}`,
      })),
    dateCreated: m.dateCreated,
  });

  const detail = (c: ConversationRecord, base: string): ConversationDetail => ({
    ...summary(c),
    messages: state.listMessages(c.sid).map((m) => message(m, base)),
  });

  return { summary, message, detail };
}
