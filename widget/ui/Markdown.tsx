/**
 * An agent's or bot's message as the safe Markdown subset of widget/chat/markdown.ts, rendered as
 * Preact elements (never HTML). Each message is parsed once (cached by message).
 */
import type { ComponentChildren } from 'preact';
import { parseMarkdown, type Block, type Inline } from '../chat/markdown.ts';

const parsed = new WeakMap<object, Block[]>();

/** The blocks of a message's body, parsed on first use. */
function blocksOf(owner: object, text: string): Block[] {
  let blocks = parsed.get(owner);
  if (!blocks) {
    blocks = parseMarkdown(text);
    parsed.set(owner, blocks);
  }
  return blocks;
}

function inlines(list: Inline[]): ComponentChildren {
  return list.map((inline, i) => {
    switch (inline.kind) {
      case 'text':
        return inline.text;
      case 'strong':
        return <strong key={i}>{inlines(inline.children)}</strong>;
      case 'em':
        return <em key={i}>{inlines(inline.children)}</em>;
      case 'del':
        return <del key={i}>{inlines(inline.children)}</del>;
      case 'code':
        return <code key={i}>{inline.text}</code>;
      case 'link':
        return /^(?:mailto|tel):/i.test(inline.href) ? (
          <a key={i} href={inline.href}>
            {inlines(inline.children)}
          </a>
        ) : (
          <a key={i} href={inline.href} target="_blank" rel="noopener noreferrer">
            {inlines(inline.children)}
          </a>
        );
    }
  });
}

function block(b: Block, key: number): ComponentChildren {
  switch (b.kind) {
    case 'paragraph':
      return <p key={key}>{inlines(b.children)}</p>;
    case 'code':
      return (
        <pre key={key}>
          <code>{b.text}</code>
        </pre>
      );
    case 'quote':
      return <blockquote key={key}>{blocks(b.children)}</blockquote>;
    case 'list': {
      // In a tight list, paragraphs show as their text (no spacing), as CommonMark renders them.
      const items = b.items.map((item, j) => (
        <li key={j}>
          {b.tight
            ? item.map((inner, k) => (inner.kind === 'paragraph' ? inlines(inner.children) : block(inner, k)))
            : blocks(item)}
        </li>
      ));
      return b.ordered ? (
        <ol key={key} start={b.start === 1 ? undefined : b.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
  }
}

function blocks(list: Block[]): ComponentChildren {
  return list.map(block);
}

/** `owner`: the object the parse is cached on (the message). */
export function Markdown({ text, owner }: { text: string; owner: object }) {
  return <>{blocks(blocksOf(owner, text))}</>;
}
