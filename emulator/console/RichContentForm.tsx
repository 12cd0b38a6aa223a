/**
 * The agent console's "Rich content" form: a quick reply (a body and its buttons) or a card (title,
 * subtitle, image, a URL action and a quick-reply action), sent as a Content template through the
 * control API (`content` of POST /emulator/conversations/{sid}/messages), as a Studio bot would.
 * The emulator checks the template as Twilio's Content API does; its error shows in the console.
 */
import { useState } from 'preact/hooks';

type Kind = 'quick-reply' | 'card';

interface Props {
  disabled: boolean;
  onSend: (content: Record<string, unknown>) => Promise<boolean>;
}

/** "Title" or "Title | id", one button a line (the id defaults to the title in lower case, dashed). */
function quickReplyActions(lines: string): { title: string; id: string }[] {
  return lines
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [title = '', id] = line.split('|').map((part) => part.trim());
      return { title, id: id || title.toLowerCase().replace(/\s+/g, '-') };
    });
}

interface CardFields {
  title: string;
  subtitle: string;
  image: string;
  urlTitle: string;
  url: string;
  replyTitle: string;
  replyId: string;
}

function cardContent(card: CardFields): Record<string, unknown> {
  const actions: Record<string, string>[] = [];
  if (card.urlTitle.trim() || card.url.trim())
    actions.push({ type: 'URL', title: card.urlTitle.trim(), url: card.url.trim() });
  if (card.replyTitle.trim())
    actions.push({
      type: 'QUICK_REPLY',
      title: card.replyTitle.trim(),
      id: card.replyId.trim() || card.replyTitle.trim().toLowerCase().replace(/\s+/g, '-'),
    });
  const value: Record<string, unknown> = { title: card.title.trim() };
  if (card.subtitle.trim()) value.subtitle = card.subtitle.trim();
  if (card.image.trim()) value.media = [card.image.trim()];
  if (actions.length > 0) value.actions = actions;
  return { 'twilio/card': value };
}

const EMPTY_CARD: CardFields = {
  title: '',
  subtitle: '',
  image: '',
  urlTitle: '',
  url: '',
  replyTitle: '',
  replyId: '',
};

function Field({
  id,
  label,
  value,
  onInput,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <div class="rich-field">
      <label for={id}>{label}</label>
      <input id={id} type="text" value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </div>
  );
}

export function RichContentForm({ disabled, onSend }: Props) {
  const [kind, setKind] = useState<Kind>('quick-reply');
  const [body, setBody] = useState('');
  const [buttons, setButtons] = useState('');
  const [card, setCard] = useState<CardFields>(EMPTY_CARD);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const set = (key: keyof CardFields) => (value: string) => setCard({ ...card, [key]: value });

  const send = async (): Promise<void> => {
    const content =
      kind === 'quick-reply'
        ? { 'twilio/quick-reply': { body: body.trim(), actions: quickReplyActions(buttons) } }
        : cardContent(card);
    setBusy(true);
    try {
      if (!(await onSend(content))) return;
      if (kind === 'quick-reply') {
        setBody('');
        setButtons('');
      } else setCard(EMPTY_CARD);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="rich-content" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Send rich content</summary>
      {open && (
        <form
          aria-label="Rich content"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <fieldset class="rich-kind">
            <legend>Type</legend>
            <label>
              <input
                type="radio"
                name="rich-kind"
                checked={kind === 'quick-reply'}
                onChange={() => setKind('quick-reply')}
              />{' '}
              Quick reply
            </label>
            <label>
              <input type="radio" name="rich-kind" checked={kind === 'card'} onChange={() => setKind('card')} /> Card
            </label>
          </fieldset>
          {kind === 'quick-reply' ? (
            <>
              <Field id="rich-body" label="Question" value={body} onInput={setBody} />
              <div class="rich-field">
                <label for="rich-buttons">Buttons (one a line: Title or Title | id)</label>
                <textarea
                  id="rich-buttons"
                  rows={3}
                  value={buttons}
                  onInput={(e) => setButtons(e.currentTarget.value)}
                />
              </div>
            </>
          ) : (
            <>
              <Field id="rich-title" label="Card title" value={card.title} onInput={set('title')} />
              <Field id="rich-subtitle" label="Subtitle" value={card.subtitle} onInput={set('subtitle')} />
              <Field id="rich-image" label="Image URL" value={card.image} onInput={set('image')} />
              <Field id="rich-url-title" label="Link title" value={card.urlTitle} onInput={set('urlTitle')} />
              <Field id="rich-url" label="Link URL" value={card.url} onInput={set('url')} />
              <Field id="rich-reply-title" label="Reply button" value={card.replyTitle} onInput={set('replyTitle')} />
              <Field id="rich-reply-id" label="Reply id" value={card.replyId} onInput={set('replyId')} />
            </>
          )}
          <button type="submit" disabled={disabled || busy}>
            {kind === 'quick-reply' ? 'Send quick reply' : 'Send card'}
          </button>
        </form>
      )}
    </details>
  );
}
