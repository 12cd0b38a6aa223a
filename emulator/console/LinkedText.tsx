/** Message text with its http(s) URLs as links that open apart (no opener, no referrer); the rest as text. */
import { linkParts } from './link-parts.ts';

export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkParts(text).map((part, i) =>
        'href' in part ? (
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
