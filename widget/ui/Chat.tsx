/** The conversation view: log, typing line, composer or the ended view; drop target for files. */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { WidgetConfig } from '../../contracts/widget-config.ts';
import type { LiveConversation } from '../chat/live-conversation.ts';
import type { SurveySession } from '../chat/types.ts';
import { locale, t } from '../i18n/index.ts';
import '../i18n/chat-view-strings.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { Composer } from './Composer.tsx';
import { Ended } from './Ended.tsx';
import { MessageList, noticeText } from './MessageList.tsx';
import { addChatStyles } from './chat-styles.ts';
import { Survey } from './Survey.tsx';
import { TranscriptMenu } from './TranscriptMenu.tsx';

/** The chat view's stylesheet has loaded (or failed): App shows the view once it has. */
export const chatStylesReady = addChatStyles();

// The header's "End chat", "Download transcript" and the agent's heading live in this chunk too (shown only in a chat),
// and the ended view the app shows for a session the server refused at resume.
export { EndChat } from './EndChat.tsx';
export { AgentHeading } from './AgentHeading.tsx';
export { TranscriptMenu } from './TranscriptMenu.tsx';
export { RecentPreview } from './RecentPreview.tsx';
export { Ended };

interface Props {
  conversation: LiveConversation;
  onStartNew: () => void;
  attachments: WidgetConfig['attachments'];
  initialDraft: string;
  saveDraft: (text: string) => void;
  /** The session the post-chat survey answers for (absent: the server collects no feedback). */
  survey: SurveySession | undefined;
  /** "Previous conversations" under the ended view, for a verified customer. */
  previousEntry?: ComponentChildren;
}

export function typingLine(untrustedNames: string[]): string {
  const names = untrustedNames.map(withoutBidiControls);
  if (names.length === 0) return '';
  if (names.length === 1) return t('typingOne', { name: names[0] ?? '' });
  return t('typingMany', { names: new Intl.ListFormat(locale(), { type: 'conjunction' }).format(names) });
}

/**
 * Whether the typing line is news for the live region: "Alex is typing…" is announced when Alex
 * starts, not again on every typing event (the typing state comes and goes while someone writes
 * a long answer) until a message arrives from someone else; then the next typing is news again.
 * With several agents, each change is announced once: someone starting makes the line news
 * ("Alex and Sam are typing…"); someone stopping, or starting again in the same turn, does not.
 */
function useTypingIsNews(conversation: LiveConversation, typists: Record<string, string>): boolean {
  const inbound = conversation.lastInbound.value?.sid;
  const turn = useRef({ after: inbound, announced: new Set<string>(), typing: '', news: false }).current;
  if (inbound !== turn.after) {
    turn.after = inbound;
    turn.announced.clear();
  }
  const identities = Object.keys(typists);
  const typing = [...identities].sort().join('\n');
  if (typing !== turn.typing) {
    turn.typing = typing;
    const fresh = identities.filter((identity) => !turn.announced.has(identity));
    fresh.forEach((identity) => turn.announced.add(identity));
    turn.news = fresh.length > 0;
  }
  return turn.news;
}

export function Chat({ conversation, onStartNew, attachments, initialDraft, saveDraft, survey, previousEntry }: Props) {
  const [dragging, setDragging] = useState(false);
  const [dropped, setDropped] = useState<File | undefined>();
  const ended = conversation.ended.value;
  const typists = conversation.typing.value;
  const typing = typingLine(Object.values(typists));
  const news = useTypingIsNews(conversation, typists);
  const acceptsFiles = attachments.enabled && !ended;
  const notice = conversation.lastNotice.value;

  return (
    <div
      class={dragging ? 'chat dragging' : 'chat'}
      onDragOver={(e) => {
        if (!acceptsFiles || !e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        if (!acceptsFiles) return;
        e.preventDefault();
        setDragging(false);
        const file = e.dataTransfer?.files?.[0];
        if (file) setDropped(file);
      }}
    >
      <MessageList conversation={conversation} />
      <div class="typing">
        {typing && (
          <span class="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
        )}
        {/* The same line in one of two places: the live region when it is news, else a plain one. */}
        <p class="typing-text" aria-live="polite">
          {news ? typing : ''}
        </p>
        <p class="typing-text">{news ? '' : typing}</p>
      </div>
      {/* "Sam joined the chat" as it happens (the log itself is not live). */}
      <p class="visually-hidden" aria-live="polite">
        {notice ? noticeText(conversation, notice) : ''}
      </p>
      {dragging && (
        <p class="drop-hint" aria-hidden="true">
          {t('dropFiles')}
        </p>
      )}
      {ended ? (
        <Ended reason={conversation.endReason.value} onStartNew={onStartNew} previousEntry={previousEntry}>
          {/* The survey follows a closed conversation (either side ended it), not a refused session. */}
          {survey && conversation.endReason.value === 'closed' && <Survey session={survey} />}
          <TranscriptMenu conversation={conversation} />
        </Ended>
      ) : (
        <Composer
          conversation={conversation}
          attachments={attachments}
          initialDraft={initialDraft}
          saveDraft={saveDraft}
          dropped={dropped}
          clearDropped={() => setDropped(undefined)}
        />
      )}
    </div>
  );
}
