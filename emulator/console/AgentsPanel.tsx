/**
 * The agents of the open conversation, as Flex's transfers make them: who is in it (the current
 * agent is the latest to join), whom the console replies as, "Transfer…" to another named agent
 * (cold or warm, from the agent replied as), "Add agent", and an agent leaving.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ControlParticipant, TransferMode } from '../control-client.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';

interface Props {
  agents: ControlParticipant[];
  /** The agent the console replies (and transfers) as. */
  replyAs: ControlParticipant | undefined;
  onReplyAs: (identity: string) => void;
  /** The conversation is open (not closed): agents can be changed. */
  open: boolean;
  /**
   * Resolve true when it was done (a refusal shows as the console's error). The agent is named only:
   * the emulator gives them the identity `agent.<name>`, as it does for "Accept as".
   */
  onTransfer: (to: { friendlyName: string }, mode: TransferMode) => Promise<boolean>;
  onAdd: (agent: { friendlyName: string }) => Promise<boolean>;
  onLeave: (identity: string) => void;
}

type Form = 'transfer' | 'add' | undefined;

function nameOf(agent: ControlParticipant): string {
  return withoutBidiControls(agent.friendlyName ?? agent.identity);
}

export function AgentsPanel({ agents, replyAs, onReplyAs, open, onTransfer, onAdd, onLeave }: Props) {
  const [form, setForm] = useState<Form>();
  const [name, setName] = useState('');
  const [mode, setMode] = useState<TransferMode>('cold');
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const transferButton = useRef<HTMLButtonElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const current = agents.at(-1);

  useEffect(() => {
    if (form) nameInput.current?.focus();
  }, [form]);

  const close = (): void => {
    const opener = form === 'add' ? addButton : transferButton;
    setForm(undefined);
    setName('');
    // Back to the button that opened the form.
    setTimeout(() => opener.current?.focus(), 0);
  };

  const submit = async (): Promise<void> => {
    const friendlyName = name.trim();
    if (!friendlyName || busy) return;
    setBusy(true);
    try {
      const agent = { friendlyName };
      const done = form === 'add' ? await onAdd(agent) : await onTransfer(agent, mode);
      if (done) close();
    } finally {
      setBusy(false);
    }
  };

  if (agents.length === 0) return null;
  return (
    <section class="agents" aria-labelledby="agents-heading">
      <h3 id="agents-heading">Agents</h3>
      <ul>
        {agents.map((agent) => (
          <li key={agent.identity}>
            <span class="agent-name">{nameOf(agent)}</span> <code>{withoutBidiControls(agent.identity)}</code>
            {agent === current && <span class="badge">current</span>}
            {open && (
              <button
                type="button"
                class="link"
                aria-label={`${nameOf(agent)} leaves`}
                onClick={() => onLeave(agent.identity)}
              >
                Leave
              </button>
            )}
          </li>
        ))}
      </ul>
      {agents.length > 1 && (
        <label>
          Reply as{' '}
          <select value={replyAs?.identity} onChange={(e) => onReplyAs(e.currentTarget.value)}>
            {agents.map((agent) => (
              <option key={agent.identity} value={agent.identity}>
                {nameOf(agent)}
              </option>
            ))}
          </select>
        </label>
      )}
      {open && (
        <div class="agent-actions">
          <button
            type="button"
            ref={transferButton}
            aria-expanded={form === 'transfer'}
            onClick={() => (form === 'transfer' ? close() : setForm('transfer'))}
          >
            Transfer…
          </button>
          <button
            type="button"
            ref={addButton}
            aria-expanded={form === 'add'}
            onClick={() => (form === 'add' ? close() : setForm('add'))}
          >
            Add agent
          </button>
        </div>
      )}
      {open && form && (
        <form
          class="agent-form"
          aria-label={form === 'add' ? 'Add an agent' : `Transfer from ${replyAs ? nameOf(replyAs) : 'the agent'}`}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <label>
            {form === 'add' ? 'Name of the agent to add' : 'Transfer to (agent name)'}{' '}
            <input ref={nameInput} value={name} required onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          {form === 'transfer' && (
            <fieldset>
              <legend>Transfer</legend>
              <label>
                <input type="radio" name="mode" checked={mode === 'cold'} onChange={() => setMode('cold')} /> Cold (
                {replyAs ? nameOf(replyAs) : 'the agent'} leaves)
              </label>
              <label>
                <input type="radio" name="mode" checked={mode === 'warm'} onChange={() => setMode('warm')} /> Warm (both
                stay)
              </label>
            </fieldset>
          )}
          <button type="submit" disabled={busy || name.trim() === ''}>
            {form === 'add' ? 'Add' : 'Transfer'}
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </form>
      )}
    </section>
  );
}
