/**
 * @module The little Markdown the knowledge base needs: lines with their file line numbers, ATX headings
 * (never inside code fences), blocks between headings, list items and links.
 */

/** One line of a file, with its 1-based line number; `fenced` lines are inside (or open/close) a code fence. */
export interface SourceLine {
  text: string;
  line: number;
  fenced: boolean;
}

/** Text with a byte-order mark removed and line endings made `\n` (line numbers do not change). */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Splits `text` into lines numbered from `firstLine`, marking code fences. */
export function sourceLines(text: string, firstLine: number): SourceLine[] {
  let fence: string | undefined;
  return text.split('\n').map((line, i) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    const fenced = fence !== undefined || marker !== undefined;
    if (marker && fence === undefined) fence = marker[0];
    else if (marker && fence !== undefined && marker[0] === fence) fence = undefined;
    return { text: line, line: firstLine + i, fenced };
  });
}

/** An ATX heading (`## Title`). */
export interface Heading {
  level: number;
  text: string;
}

/** The heading on `line`, if it is one. */
export function headingOf(line: SourceLine): Heading | undefined {
  if (line.fenced) return undefined;
  const match = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line.text);
  if (!match?.[2]) return undefined;
  return { level: match[1]!.length, text: match[2] };
}

/** A heading and the lines up to the next heading (of any level). */
export interface Block {
  heading: string;
  level: number;
  line: number;
  lines: SourceLine[];
}

/** Splits lines at every heading: the lines before the first heading, then one block per heading. */
export function splitAtHeadings(lines: readonly SourceLine[]): { before: SourceLine[]; blocks: Block[] } {
  const before: SourceLine[] = [];
  const blocks: Block[] = [];
  for (const line of lines) {
    const heading = headingOf(line);
    if (heading) blocks.push({ heading: heading.text, level: heading.level, line: line.line, lines: [] });
    else (blocks.at(-1)?.lines ?? before).push(line);
  }
  return { before, blocks };
}

/** The lines' text, joined and trimmed. */
export function textOf(lines: readonly SourceLine[]): string {
  return lines
    .map((line) => line.text)
    .join('\n')
    .trim();
}

/** A bullet list item's content (`- text`, `* text`, `+ text`), if `text` is one. */
export function bulletItem(text: string): string | undefined {
  const match = /^ {0,3}[-*+](?:[ \t]+(.*))?$/.exec(text);
  return match ? (match[1] ?? '').trim() : undefined;
}

/** Whether `text` is a numbered or bulleted list item. */
export function isListItem(text: string): boolean {
  return bulletItem(text) !== undefined || /^ {0,3}\d+[.)][ \t]/.test(text);
}

/** Whether `text` is indented: a continuation of the list item above. */
export function isIndented(text: string): boolean {
  return /^(?: {2,}|\t)\S/.test(text);
}

/** A Markdown link (or image) in a file. */
export interface MarkdownLink {
  text: string;
  target: string;
  line: number;
}

/** Inline links and images outside code: `[text](target)`, `[text](<target> "title")`. */
export function linksIn(lines: readonly SourceLine[]): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const line of lines) {
    if (line.fenced || !line.text.includes('](')) continue;
    const code = line.text.replace(/`[^`]*`/g, (span) => ' '.repeat(span.length));
    for (const match of code.matchAll(
      /!?\[([^\]]*)\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
    )) {
      const target = match[2]!.replace(/^<(.*)>$/, '$1');
      links.push({ text: match[1]!, target, line: line.line });
    }
  }
  return links;
}

/** A heading ending with a key in brackets, `完播率 (completion-rate)`: its name and key. */
export function keyedHeading(heading: string): { name: string; key: string } | undefined {
  const match = /^(.+?)\s*[(（]\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*[)）]$/.exec(heading);
  return match ? { name: match[1]!.trim(), key: match[2]! } : undefined;
}
