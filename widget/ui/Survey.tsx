/**
 * The post-chat survey in the ended view: "How was your chat?" as a radio group of five labelled
 * ratings (a fieldset whose legend is the question), an optional comment, "Send feedback", then
 * "Thanks for your feedback!" (focus moves to it, as the form it replaces goes). Shown only when
 * the server collects feedback (the widget config's postChatSurvey). Once sent, the session
 * remembers it: after a reload the ended view says thanks instead of asking again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { FEEDBACK_LIMITS, type SessionGrant } from '../../contracts/webchat-api.ts';
import type { SurveySession } from '../chat/types.ts';
import { sendFeedback } from '../chat/feedback-api.ts';
import type { StringKey } from '../../contracts/i18n/en.ts';
import { locale, t } from '../i18n/index.ts';

const RATINGS = [1, 2, 3, 4, 5] as const;
const RATING_WORDS: Record<(typeof RATINGS)[number], StringKey> = {
  1: 'rating1',
  2: 'rating2',
  3: 'rating3',
  4: 'rating4',
  5: 'rating5',
};

interface Props {
  /** The session the feedback is for (its token: the server accepts it after the close). */
  session: SurveySession;
}

/** Sends the feedback; false when it could not be sent (the visitor can try again). */
async function send(grant: SessionGrant | null, rating: number, comment: string): Promise<boolean> {
  if (!grant) return false;
  try {
    await sendFeedback({ token: grant.token, conversationSid: grant.conversationSid, rating, comment });
    return true;
  } catch {
    return false;
  }
}

/** `answered`: sent before a reload (thanks shown, focus left alone); `sent`: just now. */
type Status = 'editing' | 'sending' | 'sent' | 'answered' | 'failed' | 'noRating';

export function Survey({ session }: Props) {
  const [rating, setRating] = useState<number | undefined>(undefined);
  const [comment, setComment] = useState('');
  const [status, setStatus] = useState<Status>(() => (session.answered() ? 'answered' : 'editing'));
  const firstChoice = useRef<HTMLInputElement>(null);
  const thanks = useRef<HTMLParagraphElement>(null);
  const numbers = new Intl.NumberFormat(locale());

  useEffect(() => {
    if (status === 'sent') thanks.current?.focus();
  }, [status]);

  if (status === 'sent' || status === 'answered') {
    return (
      <p class="survey-thanks" role="status" tabIndex={-1} ref={thanks}>
        {t('feedbackThanks')}
      </p>
    );
  }

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (status === 'sending') return;
    if (rating === undefined) {
      setStatus('noRating');
      firstChoice.current?.focus();
      return;
    }
    setStatus('sending');
    const sent = await send(session.grant(), rating, comment);
    if (sent) session.markAnswered();
    setStatus(sent ? 'sent' : 'failed');
  };

  return (
    <form class="survey" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset aria-describedby={status === 'noRating' ? 'survey-no-rating' : undefined}>
        <legend>{t('surveyQuestion')}</legend>
        <div class="ratings">
          {RATINGS.map((value) => (
            <label class="rating" key={value}>
              <input
                ref={value === 1 ? firstChoice : undefined}
                type="radio"
                name="rating"
                value={value}
                checked={rating === value}
                onChange={() => {
                  setRating(value);
                  if (status === 'noRating') setStatus('editing');
                }}
              />
              <span class="rating-number">{numbers.format(value)}</span>
              <span class="visually-hidden"> {t(RATING_WORDS[value])}</span>
            </label>
          ))}
        </div>
        <p class="rating-scale" aria-hidden="true">
          <span>{t('rating1')}</span>
          <span>{t('rating5')}</span>
        </p>
      </fieldset>
      {status === 'noRating' && (
        <p id="survey-no-rating" class="field-error" role="alert">
          {t('ratingRequired')}
        </p>
      )}
      <div class="field">
        <label for="survey-comment">
          {t('feedbackComment')} <span class="optional">{t('optional')}</span>
        </label>
        <textarea
          id="survey-comment"
          dir="auto"
          rows={2}
          maxLength={FEEDBACK_LIMITS.commentMax}
          value={comment}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </div>
      {status === 'failed' && (
        <p class="field-error" role="alert">
          {t('feedbackFailed')}
        </p>
      )}
      <button type="submit" class="secondary" disabled={status === 'sending'}>
        {t('sendFeedback')}
      </button>
    </form>
  );
}
