/**
 * The header once an agent has joined: an initials avatar, the agent's name (the participant's
 * friendlyName, else the identity, as everywhere in the widget) and "typing…" while they type.
 * The typing line under the log is the one screen readers hear; this is for the eyes.
 */
import type { LiveConversation } from '../chat/live-conversation.ts';
import { locale, t } from '../i18n/index.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { avatarColour, initials } from './avatar.ts';

interface Props {
  conversation: LiveConversation;
  /** The agent's identity. */
  identity: string;
}

export function AgentHeading({ conversation, identity }: Props) {
  void conversation.namesVersion.value; // re-render when the name becomes known
  const name = withoutBidiControls(conversation.displayName(identity));
  const typing = identity in conversation.typing.value;
  return (
    <>
      <span class={`avatar avatar-${avatarColour(name)}`} aria-hidden="true">
        <bdi>{initials(name, locale())}</bdi>
      </span>
      <div class="heading">
        <h1 class="title">
          <bdi>{name}</bdi>
        </h1>
        {typing && <p class="subtitle agent-status">{t('agentTyping')}</p>}
      </div>
    </>
  );
}
