/**
 * A message that carries a Content template, rendered by type once its content is known (fetched
 * lazily, only for messages with a contentSid): text as Markdown; media as images or file links;
 * a location as a link to a map; quick replies as a group of buttons; a list picker as a button
 * opening a list; call-to-action and card URL actions as links styled as buttons; cards with title,
 * subtitle, image and actions. Until then, and for anything unknown or malformed, the body text.
 *
 * A chosen reply (sent through the outbox, see LiveConversation.reply) is marked and the message's
 * other replies disabled; `chosen` is derived from the conversation's messages, so it survives a reload.
 * No HTML from the content: text is text, and links are only https: (new tab) and tel:.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LiveConversation } from '../chat/live-conversation.ts';
import type { RichAction, RichContent, RichReply } from '../chat/rich-content.ts';
import type { ChatMessage } from '../chat/types.ts';
import { t } from '../i18n/index.ts';
import { Markdown } from './Markdown.tsx';

interface Props {
  message: ChatMessage;
  conversation: LiveConversation;
  /** The id of the reply the visitor chose for this message, if any. */
  chosen: string | undefined;
  /** What shows until the content is known, and instead of unknown or malformed content. */
  fallback: ComponentChildren;
}

type Choose = (answer: RichReply) => void;

/** Ids for the lists' ARIA references (preact's useId would add to the first paint, where preact lives). */
let lists = 0;

function Text({ text, owner }: { text: string; owner: object }) {
  return text ? (
    <div class="bubble markdown" dir="auto">
      <Markdown text={text} owner={owner} />
    </div>
  ) : null;
}

function ReplyButton({ answer, chosen, choose }: { answer: RichReply; chosen: string | undefined; choose: Choose }) {
  const answered = chosen !== undefined;
  const mine = answered && chosen === answer.id;
  return (
    <button
      type="button"
      class={mine ? 'rich-reply chosen' : 'rich-reply'}
      // Disabled but still focusable, so focus stays where the visitor tapped.
      aria-disabled={answered ? 'true' : undefined}
      aria-pressed={answered ? mine : undefined}
      onClick={() => {
        if (!answered) choose(answer);
      }}
    >
      {answer.title}
    </button>
  );
}

function ActionLink({ action }: { action: Extract<RichAction, { kind: 'link' }> }) {
  const web = action.href.startsWith('https:');
  return (
    <a
      class="rich-action"
      href={action.href}
      target={web ? '_blank' : undefined}
      rel={web ? 'noopener noreferrer' : undefined}
      dir="auto"
    >
      {action.title}
    </a>
  );
}

function Actions({ actions, chosen, choose }: { actions: RichAction[]; chosen: string | undefined; choose: Choose }) {
  if (actions.length === 0) return null;
  const replies = actions.some((a) => a.kind === 'reply');
  return (
    <div class="rich-actions" role={replies ? 'group' : undefined} aria-label={replies ? t('chooseOption') : undefined}>
      {actions.map((action, i) =>
        action.kind === 'link' ? (
          <ActionLink key={i} action={action} />
        ) : (
          <ReplyButton key={i} answer={action} chosen={chosen} choose={choose} />
        ),
      )}
    </div>
  );
}

/** A button that opens the list of items (a disclosure): arrows move between items, Escape closes it. */
function ListPicker({
  content,
  chosen,
  choose,
}: {
  content: Extract<RichContent, { kind: 'listPicker' }>;
  chosen: string | undefined;
  choose: Choose;
}) {
  const [open, setOpen] = useState(false);
  const [id] = useState(() => `rich-list-${++lists}`);
  const toggle = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const answered = chosen !== undefined;
  useLayoutEffect(() => {
    if (open) list.current?.querySelector('button')?.focus();
  }, [open]);
  const close = (): void => {
    setOpen(false);
    toggle.current?.focus();
  };
  const move = (by: number): void => {
    const buttons = [...(list.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[(at + by + buttons.length) % buttons.length]?.focus();
  };
  return (
    <div class="rich-replies">
      <button
        ref={toggle}
        type="button"
        class="rich-reply"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen(!open)}
      >
        {content.button}
      </button>
      {open && (
        <ul
          id={id}
          ref={list}
          class="rich-list"
          aria-label={t('chooseOption')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation(); // closes the list, not the panel
              close();
            } else if (e.key === 'ArrowDown') move(1);
            else if (e.key === 'ArrowUp') move(-1);
            else return;
            e.preventDefault();
          }}
        >
          {content.items.map((item, i) => {
            const mine = answered && chosen === item.id;
            return (
              <li key={i}>
                <button
                  type="button"
                  aria-disabled={answered ? 'true' : undefined}
                  aria-pressed={answered ? mine : undefined}
                  aria-describedby={item.description ? `${id}-${i}` : undefined}
                  onClick={() => {
                    if (answered) return;
                    choose(item);
                    close();
                  }}
                >
                  <span dir="auto">{item.title}</span>
                  {item.description && (
                    <span id={`${id}-${i}`} class="rich-description" dir="auto">
                      {item.description}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** The last path segment of a URL, as a file name. */
function fileNameOf(url: string): string {
  const segment = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment) || url;
  } catch {
    return segment || url;
  }
}

/** A template's media: shown as an image; a link to the file when it is not one (or fails to load). */
function RemoteMedia({ url }: { url: string }) {
  const [broken, setBroken] = useState(false);
  const name = fileNameOf(url);
  return broken ? (
    <a class="chip" href={url} target="_blank" rel="noopener noreferrer" dir="auto">
      {name}
    </a>
  ) : (
    <a class="thumb" href={url} target="_blank" rel="noopener noreferrer" aria-label={t('imageAlt', { file: name })}>
      <img src={url} alt={t('imageAlt', { file: name })} loading="lazy" onError={() => setBroken(true)} />
    </a>
  );
}

function Rich({ content, chosen, choose }: { content: RichContent; chosen: string | undefined; choose: Choose }) {
  switch (content.kind) {
    case 'text':
      return <Text text={content.body} owner={content} />;
    case 'media':
      return (
        <>
          <Text text={content.body} owner={content} />
          {content.urls.map((url) => (
            <RemoteMedia key={url} url={url} />
          ))}
        </>
      );
    case 'location':
      return (
        <>
          {content.label && (
            <p class="bubble" dir="auto">
              {content.label}
            </p>
          )}
          <div class="rich-actions">
            <a class="rich-action" href={content.href} target="_blank" rel="noopener noreferrer">
              {t('openMap')}
            </a>
          </div>
        </>
      );
    case 'quickReply':
      return (
        <>
          <Text text={content.body} owner={content} />
          <div class="rich-replies" role="group" aria-label={t('chooseOption')}>
            {content.replies.map((answer, i) => (
              <ReplyButton key={i} answer={answer} chosen={chosen} choose={choose} />
            ))}
          </div>
        </>
      );
    case 'callToAction':
      return (
        <>
          <Text text={content.body} owner={content} />
          <Actions actions={content.actions} chosen={chosen} choose={choose} />
        </>
      );
    case 'listPicker':
      return (
        <>
          <Text text={content.body} owner={content} />
          <ListPicker content={content} chosen={chosen} choose={choose} />
        </>
      );
    case 'card':
      return (
        <div class="rich-card">
          {content.image && <img src={content.image} alt="" loading="lazy" />}
          <div class="rich-text">
            <p class="rich-title" dir="auto">
              {content.title}
            </p>
            {content.subtitle && (
              <p class="rich-subtitle" dir="auto">
                {content.subtitle}
              </p>
            )}
          </div>
          <Actions actions={content.actions} chosen={chosen} choose={choose} />
        </div>
      );
  }
}

export function RichMessage({ message, conversation, chosen, fallback }: Props) {
  const [content, setContent] = useState(() => conversation.knownRichContent(message));
  useEffect(() => {
    if (content !== undefined) return;
    let mounted = true;
    void conversation.richContent(message).then((known) => {
      if (mounted) setContent(known);
    });
    return () => {
      mounted = false;
    };
  }, [message.sid]);
  // `display: contents` (chat.css): the parts lay out in the message; busy while the content loads.
  return (
    <div class="rich" aria-busy={content === undefined}>
      {content ? (
        <Rich content={content} chosen={chosen} choose={(answer) => conversation.reply(message, answer)} />
      ) : (
        fallback
      )}
    </div>
  );
}
