/** Right-to-left locales and bidi isolation of values placed inside translated text. */
export const RTL_LOCALES: ReadonlySet<string> = new Set(['ar', 'he']);

const FSI = '\u2068'; // FIRST STRONG ISOLATE: the value takes its own direction
const PDI = '\u2069'; // POP DIRECTIONAL ISOLATE

/** Wraps a value (name, number, URL, e-mail, file name) so it cannot reorder the text around it. */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}
