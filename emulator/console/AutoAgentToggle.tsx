/** The toolbar's auto-agent switch: Flex's routing as the emulator plays it, changed at runtime for every console. */
import type { EmulatorSettings } from '../control-client.ts';

interface Props {
  settings: EmulatorSettings | undefined;
  onChange: (autoAgent: boolean) => void;
}

export function AutoAgentToggle({ settings, onChange }: Props) {
  const seconds = settings ? Math.round(settings.autoAgentDelayMs / 100) / 10 : undefined;
  return (
    <label
      class="auto-agent"
      title={
        settings?.autoAgent
          ? `Alex accepts every waiting chat after ${seconds} s`
          : 'Chats wait for an agent: accept them here'
      }
    >
      <input
        type="checkbox"
        role="switch"
        checked={settings?.autoAgent ?? false}
        disabled={!settings}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />{' '}
      Auto-agent
    </label>
  );
}
