import { useEffect, useRef } from 'preact/hooks';
import type { ConversationDetail, ControlParticipant } from '../control-client.ts';
import { formatBytes, formatTime } from './format.ts';
import { LinkedText } from './LinkedText.tsx';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { isRecord } from '../../contracts/guards.ts';

/** The id of the quick reply a visitor's message answers (attributes.contentReply), if it is one. */
function answeredId(attributes: Record<string, unknown>): string | undefined {
  const reply = attributes.contentReply;
  return isRecord(reply) && typeof reply.id === 'string' ? reply.id : undefined;
}

interface Props {
  conversation: ConversationDetail;
  agent: ControlParticipant | undefined;
}

export function MessageHistory({ conversation, agent }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const names = new Map(
    conversation.participants.map((p) => [p.identity, withoutBidiControls(p.friendlyName ?? p.identity)]),
  );
  const customerRead = conversation.participants.find((p) => p.role === 'customer')?.lastReadMessageIndex ?? -1;
  const lastAgentMessage = agent
    ? conversation.messages.filter((m) => m.author === agent.identity).at(-1)?.index
    : undefined;

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [conversation.messages.length, conversation.sid]);

  return (
    <div class="history" role="log" aria-label="Messages" ref={list}>
      <ol>
        {conversation.messages.map((m) => (
          <li key={m.index} class={m.author === agent?.identity ? 'message mine' : 'message'}>
            <div class="meta">
              <span class="author">{withoutBidiControls(m.authorFriendlyName ?? names.get(m.author) ?? m.author)}</span>{' '}
              <time dateTime={m.dateCreated}>{formatTime(m.dateCreated)}</time>
            </div>
            {m.body && (
              <p class="body">
                <LinkedText text={m.body} />
              </p>
            )}
            {m.contentSid && <div class="template">Content template {m.contentSid}</div>}
            {answeredId(m.attributes) !== undefined && (
              <div class="template">Quick reply chosen: {answeredId(m.attributes)}</div>
            )}
            {m.media.map((media) => {
              const filename = media.filename === null ? null : withoutBidiControls(media.filename);
              return media.contentType.startsWith('image/') ? (
                <a key={media.sid} href={media.url} target="_blank" rel="noopener noreferrer" class="thumbnail">
                  <img src={media.url} alt={filename ?? 'image'} />
                </a>
              ) : (
                <a
                  key={media.sid}
                  href={media.url}
                  target="_blank"
                  rel="noopener noreferrer"
                  class="file"
                  download={filename ?? undefined}
                >
                  {filename ?? 'file'} ({formatBytes(media.size)})
                </a>
              );
            })}
            {m.index === lastAgentMessage && customerRead >= m.index && <div class="receipt">Read by the visitor</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}
