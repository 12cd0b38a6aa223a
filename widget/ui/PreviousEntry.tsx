/**
 * The way into "Previous conversations" (first paint: one button and one string): under the form,
 * the offline view and the ended view, for a verified customer on a server that has them. The list
 * and the reader are a lazy chunk (PreviousConversations.tsx), shown in the panel's body instead of
 * the form or the ended view while `previousShown` is true.
 */
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';

export const previousShown = signal(false);

/** Back from the list: the entry takes the focus again when it is drawn. */
let refocusEntry = false;

export function hidePrevious(): void {
  refocusEntry = true;
  previousShown.value = false;
}

export function PreviousEntry() {
  const button = useRef<HTMLButtonElement>(null);
  const shown = previousShown.value;
  useEffect(() => {
    if (!shown && refocusEntry) {
      refocusEntry = false;
      button.current?.focus();
    }
  }, [shown]);
  return (
    <button type="button" class="link-button previous-entry" ref={button} onClick={() => (previousShown.value = true)}>
      {t('previousConversations')}
    </button>
  );
}
