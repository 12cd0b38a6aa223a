/** The conversation view: log, typing line, composer or the ended view; drop target for files. */
import { useState } from 'preact/hooks';
import type { WidgetConfig } from '../../contracts/widget-config.ts';
import type { LiveConversation } from '../chat/live-conversation.ts';
import { locale, t } from '../i18n/index.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { Composer } from './Composer.tsx';
import { Ended } from './Ended.tsx';
import { MessageList } from './MessageList.tsx';
import { addChatStyles } from './chat-styles.ts';

/** The chat view's stylesheet has loaded (or failed): App shows the view once it has. */
export const chatStylesReady = addChatStyles();

// The header's "End chat" lives in this chunk too (shown only while a chat is on).
export { EndChat } from './EndChat.tsx';

interface Props {
  conversation: LiveConversation;
  onStartNew: () => void;
  attachments: WidgetConfig['attachments'];
  initialDraft: string;
  saveDraft: (text: string) => void;
}

export function typingLine(untrustedNames: string[]): string {
  const names = untrustedNames.map(withoutBidiControls);
  if (names.length === 0) return '';
  if (names.length === 1) return t('typingOne', { name: names[0] ?? '' });
  return t('typingMany', { names: new Intl.ListFormat(locale(), { type: 'conjunction' }).format(names) });
}

export function Chat({ conversation, onStartNew, attachments, initialDraft, saveDraft }: Props) {
  const [dragging, setDragging] = useState(false);
  const [dropped, setDropped] = useState<File | undefined>();
  const ended = conversation.ended.value;
  const typing = typingLine(Object.values(conversation.typing.value));
  const acceptsFiles = attachments.enabled && !ended;

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
      <p class="typing" aria-live="polite">
        {typing}
      </p>
      {dragging && (
        <p class="drop-hint" aria-hidden="true">
          {t('dropFiles')}
        </p>
      )}
      {ended ? (
        <Ended reason={conversation.endReason.value} onStartNew={onStartNew} />
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
