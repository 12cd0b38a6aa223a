/** The pre-engagement form: fields from the server's configuration, inline announced validation. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormField } from '../../contracts/widget-config.ts';
import type { ChatController } from '../chat/controller.ts';
import type { InitFailure } from '../chat/failures.ts';
import { localized, t } from '../i18n/index.ts';
import type { StringKey } from '../../contracts/i18n/en.ts';
import { enFirstPaint } from '../../contracts/i18n/en-first-paint.ts';
import { initFailureText } from './failure-text.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The default form's labels are translated (they are the English catalogue's labelName, labelEmail,
 * labelQuestion); a configured label shows as configured (or per locale).
 */
const DEFAULT_LABELS: Partial<Record<string, StringKey & keyof typeof enFirstPaint>> = {
  friendlyName: 'labelName',
  email: 'labelEmail',
  question: 'labelQuestion',
};

export function fieldLabel(field: FormField): string {
  // Inherited names (a field keyed "constructor") find no English label equal to theirs.
  const key = DEFAULT_LABELS[field.key];
  if (key && field.label === enFirstPaint[key]) return t(key);
  return localized(field.label);
}

/** What a visitor reads when a required field is empty: said for the field, not "X is required." */
function missingText(field: FormField): string {
  if (field.key === 'friendlyName') return t('fieldRequiredName');
  if (field.key === 'question') return t('fieldRequiredQuestion');
  if (field.type === 'email') return t('fieldRequiredEmail');
  if (field.type === 'select') return t('fieldRequiredChoice', { label: fieldLabel(field) });
  return t('fieldRequired', { label: fieldLabel(field) });
}

export function validateField(field: FormField, value: string): string | undefined {
  const v = value.trim();
  if (field.required && !v) return missingText(field);
  if (field.type === 'email' && v && !EMAIL.test(v)) return t('fieldInvalidEmail');
  if (field.type === 'select' && v && field.options && !field.options.includes(v)) return missingText(field);
  return undefined;
}

interface Props {
  controller: ChatController;
  fields: FormField[];
  failure: InitFailure | undefined;
  /** The bot check, when the site has one (BotCheck.tsx). */
  children?: ComponentChildren;
}

export function PreEngagementForm({ controller, fields, failure, children }: Props) {
  const prefill = controller.prefill.value;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.key, prefill[f.key] ?? ''])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const submitting = controller.submitting.value;

  // The form appeared in a widget that has focus, with focus on nothing ("Start new chat" is gone): the first field.
  useEffect(() => {
    if (document.hasFocus() && (!document.activeElement || document.activeElement === document.body))
      formRef.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
  }, []);

  const submit = (event: Event): void => {
    event.preventDefault();
    if (submitting) return;
    const found: Record<string, string> = {};
    for (const field of fields) {
      const error = validateField(field, values[field.key] ?? '');
      if (error) found[field.key] = error;
    }
    setErrors(found);
    const firstBad = fields.find((f) => found[f.key]);
    if (firstBad) {
      formRef.current?.querySelector<HTMLElement>(`#field-${firstBad.key}`)?.focus();
      return;
    }
    void controller.submitForm(values);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    // Enter submits, also from the multi-line question (Shift+Enter adds a line there).
    const target = event.target as HTMLElement;
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && target.tagName === 'TEXTAREA') submit(event);
  };

  return (
    <form class="form" ref={formRef} onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-busy={submitting}>
      <h2 class="form-title">{t('formTitle')}</h2>
      <p class="form-intro">{t('formIntro')}</p>
      {fields.map((field) => {
        const id = `field-${field.key}`;
        const error = errors[field.key];
        const common = {
          id,
          dir: 'auto' as const,
          name: field.key,
          value: values[field.key] ?? '',
          required: field.required,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
          onInput: (e: Event) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            setValues((prev) => ({ ...prev, [field.key]: value }));
            if (errors[field.key]) setErrors((prev) => ({ ...prev, [field.key]: '' }));
          },
        };
        return (
          <div class="field" key={field.key}>
            <label for={id}>
              {fieldLabel(field)}
              {!field.required && (
                <span class="optional" aria-hidden="true">
                  {' '}
                  {t('optional')}
                </span>
              )}
            </label>
            {field.type === 'textarea' ? (
              <textarea {...common} rows={3} />
            ) : field.type === 'select' ? (
              <select {...common}>
                <option value="">{t('selectPlaceholder')}</option>
                {(field.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : field.type === 'email' ? (
              <input {...common} type="email" autoComplete="email" />
            ) : (
              <input {...common} type="text" autoComplete={field.key === 'friendlyName' ? 'name' : 'on'} />
            )}
            <p class="field-error" id={`${id}-error`} role="alert">
              {error ?? ''}
            </p>
          </div>
        );
      })}
      {children}
      {failure && (
        <div class="notice notice-error" role="alert">
          <p>{initFailureText(failure)}</p>
          <button type="button" class="secondary" onClick={() => void controller.retryInit()} disabled={submitting}>
            {t('retry')}
          </button>
        </div>
      )}
      <button type="submit" class="primary" disabled={submitting}>
        {t('startChat')}
      </button>
      {submitting && (
        <p class="status" role="status">
          {t('connecting')}
        </p>
      )}
    </form>
  );
}
