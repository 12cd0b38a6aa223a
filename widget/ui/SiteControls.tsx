/**
 * What a site configured around the pre-engagement form, in one lazy chunk (loaded only when
 * BUSINESS_HOURS or TURNSTILE_SITE_KEY is set, so the first paint of other sites does not carry
 * it): the business hours (OpeningHours.tsx) and the bot check inside the form (BotCheck.tsx).
 */
import type { ComponentChildren, VNode } from 'preact';
import type { WidgetConfig } from '../../contracts/widget-config.ts';
import type { ChatController } from '../chat/controller.ts';
import type { InitFailure } from '../chat/failures.ts';
import { BotCheck } from './BotCheck.tsx';
import { OpeningHours } from './OpeningHours.tsx';

interface Props {
  config: WidgetConfig;
  controller: ChatController;
  failure: InitFailure | undefined;
  /** The form, with what goes inside it (the bot check). */
  form: (children?: ComponentChildren) => VNode;
}

export function SiteControls({ config, controller, failure, form }: Props) {
  const { businessHours, turnstile } = config;
  const check =
    turnstile && typeof turnstile.siteKey === 'string' && typeof turnstile.scriptUrl === 'string' ? (
      <BotCheck controller={controller} siteKey={turnstile.siteKey} scriptUrl={turnstile.scriptUrl} />
    ) : undefined;
  if (!businessHours) return form(check);
  return (
    <OpeningHours
      hours={businessHours}
      refusedUntil={failure?.code === 'offline' ? Date.parse(String(failure.nextOpenAt)) : undefined}
      onReopen={() => void controller.startNew()}
    >
      {form(check)}
    </OpeningHours>
  );
}
