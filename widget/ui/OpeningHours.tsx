/**
 * Business hours in the widget (a lazy chunk, loaded only when BUSINESS_HOURS is configured):
 * outside hours, `message` mode shows "We're offline right now." and when we are back instead of
 * the form; `leave-message` mode keeps the form, with a line saying when to expect a reply. The
 * schedule comes with the widget's config (no request); the server decides (a 409 shows the
 * offline view until its nextOpenAt, whatever this clock says). A chat under way is not affected:
 * this only wraps the form.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { parseBusinessHours, scheduleStatus } from '../../contracts/business-hours.ts';
import type { WidgetConfig } from '../../contracts/widget-config.ts';
import { locale, t } from '../i18n/index.ts';

const DAY_MS = 86_400_000;
/** How often the view looks at the clock (hours start and end while the form is shown). */
const RECHECK_MS = 30_000;

function localMidnight(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * `{day}` and `{time}` of "We'll be back {day} at {time}." in the visitor's locale and time zone:
 * today or tomorrow, a weekday within the week, else a weekday and date.
 */
export function whenParams(at: number, now: number): { day: string; time: string } {
  const tag = locale();
  const days = Math.round((localMidnight(at) - localMidnight(now)) / DAY_MS);
  const day =
    days < 2
      ? new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }).format(days, 'day')
      : new Intl.DateTimeFormat(
          tag,
          days < 7 ? { weekday: 'long' } : { weekday: 'long', month: 'long', day: 'numeric' },
        ).format(at);
  return { day, time: new Intl.DateTimeFormat(tag, { hour: 'numeric', minute: '2-digit' }).format(at) };
}

interface Props {
  hours: NonNullable<WidgetConfig['businessHours']>;
  /** The server refused the init (409 outside_business_hours) until then. */
  refusedUntil: number | undefined;
  /** That time has come: a new chat can start (the form again, without the refusal). */
  onReopen: () => void;
  /** The pre-engagement form. */
  children: ComponentChildren;
}

export function OpeningHours({ hours, refusedUntil, onReopen, children }: Props) {
  const [now, setNow] = useState(Date.now);
  const schedule = useMemo(() => parseBusinessHours(hours.schedule), [hours]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), RECHECK_MS);
    return () => clearInterval(timer);
  }, []);
  const refused = refusedUntil !== undefined && !(refusedUntil <= now);
  useEffect(() => {
    if (refusedUntil !== undefined && refusedUntil <= now) onReopen();
  }, [refusedUntil, now]);

  // A schedule this widget cannot read shows the form: the server decides anyway.
  const status = 'problem' in schedule ? undefined : scheduleStatus(schedule, now);
  const nextOpenAt = refused ? refusedUntil : status && !status.open ? status.nextOpenAt : undefined;
  if (nextOpenAt === undefined && !refused) return <>{children}</>;
  const back = nextOpenAt !== undefined && Number.isFinite(nextOpenAt) ? whenParams(nextOpenAt, now) : undefined;
  if (refused || hours.offlineMode === 'message')
    return (
      <div class="state offline" role="status">
        <h2 class="form-title">{t('offlineTitle')}</h2>
        {back && <p>{t('backOn', back)}</p>}
      </div>
    );
  return (
    <>
      <p class="notice notice-info after-hours">
        {t('offlineTitle')} {back && t('replyFrom', back)}
      </p>
      {children}
    </>
  );
}
