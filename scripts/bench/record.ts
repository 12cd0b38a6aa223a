/**
 * BENCHMARKS.md's measured block: the text between `<!-- bench:start -->` and `<!-- bench:end -->`,
 * one `### Title` section per benchmark group, in the groups' order.
 */
export const BLOCK_START = '<!-- bench:start -->';
export const BLOCK_END = '<!-- bench:end -->';

/**
 * The `### Title` sections of a block, by title. A section from before groups were dated one by
 * one gets the block's old "Last run: …" line.
 */
export function sectionsOf(block: string): Map<string, string> {
  const sections = new Map<string, string>();
  const [preamble = '', ...parts] = block.split(/^(?=### )/m);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const heading = (newline < 0 ? part : part.slice(0, newline)).trimEnd();
    const body = part.slice(heading.length).trim();
    const dated = body.startsWith('_') || !preamble.trim() ? body : `_${preamble.trim()}_\n\n${body}`;
    sections.set(heading.slice(4).trim(), `${heading}\n\n${dated}`);
  }
  return sections;
}

/**
 * `text` with its block rewritten: the `fresh` sections (by title), and, unless `replaceAll`, the
 * block's other sections kept as they were; in the order of `titles` (sections of titles no longer
 * in it are dropped). Null when `text` has no block.
 */
export function rewriteBlock(
  text: string,
  titles: string[],
  fresh: Map<string, string>,
  replaceAll: boolean,
): string | null {
  const start = text.indexOf(BLOCK_START);
  const end = text.indexOf(BLOCK_END);
  if (start < 0 || end < start) return null;
  const kept = replaceAll ? new Map<string, string>() : sectionsOf(text.slice(start + BLOCK_START.length, end));
  const sections = titles
    .map((title) => fresh.get(title) ?? kept.get(title))
    .filter((section): section is string => section !== undefined);
  return `${text.slice(0, start)}${BLOCK_START}\n${sections.join('\n\n')}\n${BLOCK_END}${text.slice(end + BLOCK_END.length)}`;
}
