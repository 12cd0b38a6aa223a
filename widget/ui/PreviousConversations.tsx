/**
 * "Previous conversations" (a lazy chunk): a verified customer's earlier, closed conversations, newest
 * first (date and first line), and one of them read-only — its messages with their authors' names,
 * the customer's own as "You". Back goes from a conversation to the list (focus on the conversation
 * it came from) and from the list to where the visitor was (focus on the entry). Each view's heading
 * takes the focus when it is shown, so a screen reader says where the visitor is.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PastConversationAnswer, PastConversationSummary } from '../../contracts/previous-conversations.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { ApiError } from '../chat/api.ts';
import { listPreviousConversations, readPreviousConversation } from '../chat/history-api.ts';
import '../i18n/chat-view-strings.ts';
import { locale, t } from '../i18n/index.ts';
import { addChatStyles } from './chat-styles.ts';

/** The view's styles are chat.css's: the chunk waits for them as the chat view does. */
export const chatStylesReady = addChatStyles();

type Loaded<T> = { kind: 'loading' } | { kind: 'failed'; text: string } | { kind: 'loaded'; value: T };

interface Props {
  /** The identity token the host page passed last (read at each request: the host may renew it). */
  identityToken: () => string | undefined;
  /** Back from the list. */
  onBack: () => void;
}

function failureText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_identity_token') return t('signInNotConfirmed');
    if (error.code === 'identity_required') return t('signInRequired');
    if (error.status === 0) return t('networkError');
  }
  return t('previousLoadFailed');
}

function formatted(iso: string, options: Intl.DateTimeFormatOptions): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Intl.DateTimeFormat(locale(), options).format(time);
}

const dateAndTime = (iso: string) => formatted(iso, { dateStyle: 'medium', timeStyle: 'short' });

/** Loads `load()` into a state, again on `retry`; a newer load wins over an older one. */
function useLoaded<T>(load: () => Promise<T>): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const attempt = useRef(0);
  const run = (): void => {
    const mine = ++attempt.current;
    setState({ kind: 'loading' });
    load().then(
      (value) => mine === attempt.current && setState({ kind: 'loaded', value }),
      (error: unknown) => mine === attempt.current && setState({ kind: 'failed', text: failureText(error) }),
    );
  };
  useEffect(() => {
    run();
    return () => void attempt.current++;
  }, []);
  return [state, run];
}

/** The heading that names the view, focused when the view is shown (unless `focus` is false). */
function Heading({ text, focus = true }: { text: string; focus?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, []);
  return (
    <h2 class="previous-title" id="previous-title" tabIndex={-1} ref={heading}>
      {text}
    </h2>
  );
}

/** A view of its own: Back, then the heading that names it, then what it shows. */
function View({
  heading,
  focusHeading,
  onBack,
  children,
}: {
  heading: string;
  focusHeading?: boolean;
  onBack: () => void;
  children: ComponentChildren;
}) {
  return (
    <section class="previous" aria-labelledby="previous-title">
      <div class="previous-bar">
        <button type="button" class="secondary previous-back" onClick={onBack}>
          {t('back')}
        </button>
        <Heading text={heading} focus={focusHeading} />
      </div>
      {children}
    </section>
  );
}

function Status<T>({ state, retry }: { state: Loaded<T>; retry: () => void }) {
  if (state.kind === 'loading')
    return (
      <p class="state" role="status">
        {t('loading')}
      </p>
    );
  if (state.kind === 'failed')
    return (
      <div class="notice notice-error" role="alert">
        <p>{state.text}</p>
        <button type="button" class="secondary" onClick={retry}>
          {t('retry')}
        </button>
      </div>
    );
  return null;
}

export function PreviousConversations({ identityToken, onBack }: Props) {
  const [open, setOpen] = useState<PastConversationSummary | undefined>(undefined);
  /** The conversation the reader came from: its button takes the focus back. */
  const cameFrom = useRef<string | undefined>(undefined);
  const [list, retryList] = useLoaded(() => listPreviousConversations(identityToken() ?? ''));
  if (open)
    return (
      <Reader
        summary={open}
        identityToken={identityToken}
        onBack={() => {
          cameFrom.current = open.conversationSid;
          setOpen(undefined);
        }}
      />
    );
  const conversations = list.kind === 'loaded' ? list.value.conversations : [];
  return (
    // Back from a conversation, the focus goes to that conversation's button instead of the heading.
    <View heading={t('previousConversations')} focusHeading={cameFrom.current === undefined} onBack={onBack}>
      <Status state={list} retry={retryList} />
      {list.kind === 'loaded' && conversations.length === 0 && <p class="previous-empty">{t('previousEmpty')}</p>}
      {conversations.length > 0 && (
        <ul class="previous-list">
          {conversations.map((c) => (
            <li key={c.conversationSid}>
              <button
                type="button"
                class="previous-item"
                ref={(button) => {
                  if (button && cameFrom.current === c.conversationSid) {
                    cameFrom.current = undefined;
                    button.focus();
                  }
                }}
                onClick={() => setOpen(c)}
              >
                <span class="previous-date">{dateAndTime(c.startedAt)}</span>
                <span class="previous-first" dir="auto">
                  {c.firstLine ?? t('previousNoText')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </View>
  );
}

interface ReaderProps {
  summary: PastConversationSummary;
  identityToken: () => string | undefined;
  onBack: () => void;
}

/** One previous conversation, read-only: no composer, only its messages. */
function Reader({ summary, identityToken, onBack }: ReaderProps) {
  const [state, retry] = useLoaded<PastConversationAnswer>(() =>
    readPreviousConversation(identityToken() ?? '', summary.conversationSid),
  );
  const messages = state.kind === 'loaded' ? state.value.messages : [];
  return (
    <View heading={t('previousConversationOf', { date: dateAndTime(summary.startedAt) })} onBack={onBack}>
      <p class="previous-note">{t('previousReadOnly')}</p>
      <Status state={state} retry={retry} />
      {messages.length > 0 && (
        <ol class="previous-messages" aria-label={t('messages')}>
          {messages.map((m) => (
            <li key={m.sid} class={m.own ? 'previous-message own' : 'previous-message'}>
              <p class="previous-author">
                <span>{m.own ? t('you') : withoutBidiControls(m.authorName)}</span>{' '}
                <time dateTime={m.sentAt}>{formatted(m.sentAt, { timeStyle: 'short' })}</time>
              </p>
              {m.body !== '' && (
                <p class="previous-body" dir="auto">
                  {m.body}
                </p>
              )}
              {m.files.map((file, i) => (
                <p key={i} class="previous-file" dir="auto">
                  {t('previousFile', { file: withoutBidiControls(file.filename ?? file.contentType) })}
                </p>
              ))}
            </li>
          ))}
        </ol>
      )}
    </View>
  );
}
