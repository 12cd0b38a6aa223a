/** The widget's root: header, notes and banners, and the view for the current phase. */
import type { WidgetConfig } from '../../contracts/widget-config.ts';
import type { ChatController } from '../chat/controller.ts';
import type { LiveConversation } from '../chat/live-conversation.ts';
import type { ChatMessage } from '../chat/types.ts';
import { t } from '../i18n/index.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { connectFailureText } from './failure-text.ts';
type ChatModule = typeof import('./Chat.tsx');
import { PreEngagementForm } from './Form.tsx';
import { hidePrevious, PreviousEntry, previousShown } from './PreviousEntry.tsx';
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { CloseIcon } from './CloseIcon.tsx';

/**
 * The chat view (and the header's chat actions) is its own chunk with its own stylesheet (not
 * part of the first paint); loaded when a chat starts, shown once both are there.
 */
let chatModule: Promise<ChatModule> | undefined;
export function loadChatView(): Promise<ChatModule> {
  chatModule ??= withChatStyles(import('./Chat.tsx'));
  return chatModule;
}

/** A lazy view that uses chat.css (the chat view, the previous conversations), once both are there. */
function withChatStyles<M extends { chatStylesReady: Promise<void> }>(view: Promise<M>): Promise<M> {
  return view.then(async (m) => {
    await m.chatStylesReady;
    return m;
  });
}

/** A lazy chunk's module, once `wanted`: the chat view, and the business hours and bot check a site configured. */
function useModule<M>(load: () => Promise<M>, wanted: boolean): M | undefined {
  const [module, setModule] = useState<M | undefined>(undefined);
  useEffect(() => {
    if (wanted && !module) void load().then((m) => setModule(() => m));
  }, [wanted]);
  return module;
}

const loadPreviousView = () => withChatStyles(import('./PreviousConversations.tsx'));

/** The polite announcement of a message from someone else. */
function announcement(conversation: LiveConversation, message: ChatMessage): string {
  const name = withoutBidiControls(conversation.displayName(message.author));
  return message.body
    ? t('messageFrom', { name, body: message.body })
    : t('attachmentFrom', { name, file: withoutBidiControls(message.media[0]?.filename ?? '') });
}

interface Props {
  controller: ChatController;
  config: WidgetConfig;
  framed: boolean;
  onClose: () => void;
  draft: string;
  saveDraft: (text: string) => void;
}

export function App({ controller, config, framed, onClose, draft, saveDraft }: Props) {
  const phase = controller.phase.value;
  const chatView = useModule(
    loadChatView,
    phase.kind === 'chat' || phase.kind === 'connecting' || phase.kind === 'loading' || phase.kind === 'ended',
  );
  const siteControlled = !!(config.businessHours ?? config.turnstile);
  const siteControls = useModule(() => import('./SiteControls.tsx'), siteControlled);
  const Chat = chatView?.Chat;
  const EndChat = chatView?.EndChat;
  const AgentHeading = chatView?.AgentHeading;
  const Ended = chatView?.Ended;
  const TranscriptMenu = chatView?.TranscriptMenu;
  const RecentPreview = chatView?.RecentPreview;
  /** A resuming visitor's latest messages while the live conversation connects. */
  const recent = controller.recent.value;
  const conversation = phase.kind === 'chat' ? phase.conversation : undefined;
  const reconnecting = conversation !== undefined && !conversation.ended.value && conversation.reconnecting.value;
  const inbound = conversation?.lastInbound.value;
  const agent = conversation?.agent.value;
  const startNew = (): void => void controller.startNew();
  // A verified customer (the host passed an identity token) on a server that has them, while no chat is going on.
  const previousAvailable = !!config.previousConversations && controller.verifiedCustomer.value;
  const atRest = phase.kind === 'form' || phase.kind === 'ended' || (conversation?.ended.value ?? false);
  const showingPrevious = previousAvailable && atRest && previousShown.value;
  const previousView = useModule(loadPreviousView, showingPrevious);
  const previousEntry = previousAvailable ? <PreviousEntry /> : undefined;
  return (
    <div class="panel">
      <header class="header">
        {conversation && AgentHeading && agent !== undefined ? (
          <AgentHeading conversation={conversation} identity={agent} />
        ) : (
          <>
            {config.logoUrl && (
              // A logo that does not load (moved, blocked) leaves no broken-image icon behind.
              <img class="logo" src={config.logoUrl} alt="" onError={(e) => (e.currentTarget.hidden = true)} />
            )}
            <div class="heading">
              <h1 class="title">{config.title ?? t('panelTitle')}</h1>
              {config.subtitle && <p class="subtitle">{config.subtitle}</p>}
            </div>
          </>
        )}
        {conversation && TranscriptMenu && <TranscriptMenu conversation={conversation} inHeader />}
        {conversation && EndChat && !conversation.ended.value && <EndChat onEnd={() => controller.endChat()} />}
        {framed && (
          <button
            type="button"
            class="icon-button close"
            aria-label={t('closeChat')}
            title={t('closeChat')}
            onClick={onClose}
          >
            <CloseIcon size={20} />
          </button>
        )}
      </header>
      {controller.storageDenied && <p class="notice notice-info storage-note">{t('storageDenied')}</p>}
      {reconnecting && (
        <p class="banner" role="status">
          {t('reconnecting')}
        </p>
      )}
      <main class="body">
        {showingPrevious &&
          (previousView ? (
            <previousView.PreviousConversations
              identityToken={() => controller.identityToken()}
              onBack={hidePrevious}
            />
          ) : (
            <p class="state" role="status">
              {t('loading')}
            </p>
          ))}
        {/* Hidden, not unmounted, while the previous conversations show: the form keeps what was typed. */}
        <div class="view" hidden={showingPrevious}>
          {phase.kind === 'loading' && recent && RecentPreview && <RecentPreview messages={recent} />}
          {phase.kind === 'loading' && (
            <p class={recent && RecentPreview ? 'state connecting-note' : 'state'} role="status">
              {recent && RecentPreview ? t('connecting') : t('loading')}
            </p>
          )}
          {phase.kind === 'connecting' && (
            <p class="state" role="status">
              {t('connecting')}
            </p>
          )}
          {phase.kind === 'error' && (
            <div class="state notice notice-error" role="alert">
              <p>{connectFailureText(phase.failure)}</p>
              <button type="button" class="secondary" onClick={() => void controller.retryConnect()}>
                {t('retry')}
              </button>
            </div>
          )}
          {phase.kind === 'form' &&
            (() => {
              const form = (children?: ComponentChildren) => (
                <PreEngagementForm
                  key={JSON.stringify(controller.prefill.value)}
                  controller={controller}
                  fields={config.preEngagementForm}
                  failure={phase.failure}
                >
                  {children}
                </PreEngagementForm>
              );
              if (!siteControlled) return form();
              if (siteControls)
                return (
                  <siteControls.SiteControls
                    config={config}
                    controller={controller}
                    failure={phase.failure}
                    form={form}
                  />
                );
              return (
                <p class="state" role="status">
                  {t('loading')}
                </p>
              );
            })()}
          {phase.kind === 'form' && previousEntry}
          {conversation && !Chat && (
            <p class="state" role="status">
              {t('loading')}
            </p>
          )}
          {conversation && Chat && (
            <Chat
              conversation={conversation}
              onStartNew={startNew}
              attachments={config.attachments}
              initialDraft={draft}
              saveDraft={saveDraft}
              survey={config.postChatSurvey ? controller.survey : undefined}
              previousEntry={previousEntry}
            />
          )}
          {phase.kind === 'ended' && Ended && (
            <div class="chat">
              <Ended reason={phase.reason} onStartNew={startNew} previousEntry={previousEntry} />
            </div>
          )}
        </div>
      </main>
      <p class="visually-hidden" aria-live="polite">
        {conversation && inbound ? announcement(conversation, inbound) : ''}
      </p>
    </div>
  );
}
