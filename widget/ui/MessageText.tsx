/** Message text as text nodes, with http/https/mailto links only. Never HTML. */
import { useMemo } from 'preact/hooks';
import { linkify } from '../chat/linkify.ts';

/**
 * Parsed once per message (the list re-renders on every new message, typing, receipt…): the
 * parts are kept for as long as this message's element and its text live.
 */
export function MessageText({ text }: { text: string }) {
  const parts = useMemo(() => linkify(text), [text]);
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
