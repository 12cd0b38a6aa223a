import { useRef, useState } from 'preact/hooks';
import type { FileToSend } from '../control-client.ts';

interface Props {
  disabled: boolean;
  onSend: (body: string) => Promise<void>;
  onFile: (file: FileToSend) => Promise<void>;
  onTyping: () => void;
}

/** The agent's composer: Enter sends, Shift+Enter adds a line; typing is announced while composing. */
export function ReplyBox({ disabled, onSend, onFile, onTyping }: Props) {
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const lastTyping = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);

  const send = async () => {
    const body = draft.trim();
    if (!body || busy) return;
    setBusy(true);
    try {
      await onSend(body);
      setDraft('');
    } finally {
      setBusy(false);
    }
  };

  const sendFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      await onFile({
        filename: file.name,
        contentType: file.type || 'application/octet-stream',
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <form
      class="reply"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label for="reply-text" class="visually-hidden">
        Reply
      </label>
      <textarea
        id="reply-text"
        rows={2}
        placeholder={disabled ? 'This conversation has ended.' : 'Reply…'}
        disabled={disabled}
        value={draft}
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          if (Date.now() - lastTyping.current > 2000) {
            lastTyping.current = Date.now();
            onTyping();
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <label class={disabled ? 'button attach disabled' : 'button attach'}>
        Send a file
        <input
          ref={fileInput}
          type="file"
          class="visually-hidden"
          disabled={disabled || busy}
          onChange={(e) => void sendFile(e.currentTarget.files?.[0])}
        />
      </label>
      <button type="submit" disabled={disabled || busy || draft.trim() === ''}>
        Send
      </button>
    </form>
  );
}
