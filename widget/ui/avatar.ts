/**
 * An initials avatar for a display name: up to two letters (the first of the first and the last
 * word, by code point, so any script works) and one of AVATAR_COLOURS picked from the name, the
 * same for a name every time. The colours are in chat.css (.avatar-0 …), each with white text at
 * 4.5:1 at least.
 */
export const AVATAR_COLOURS = 8;

export function initials(name: string, locale?: string): string {
  let words = name.trim().split(/\s+/).filter(Boolean);
  // An identity such as "agent.alex" or "sam_lee": its parts are the words.
  if (words.length === 1) words = (words[0] ?? '').split(/[._-]+/).filter(Boolean);
  const letter = (word: string | undefined): string => Array.from(word ?? '')[0] ?? '';
  const first = letter(words[0]);
  const last = words.length > 1 ? letter(words[words.length - 1]) : '';
  return (first + last).toLocaleUpperCase(locale);
}

/** 0 … AVATAR_COLOURS - 1, from the name. */
export function avatarColour(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % AVATAR_COLOURS;
}
