/**
 * @module Turning the coach's Markdown-lite into Telegram HTML, and cutting it to Telegram's length limit.
 */
import { type Citation, citationLabel } from '../../core/turn.ts';

/** Telegram's limit on one message's text, in UTF-16 code units. */
export const telegramTextLimit = 4096;

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}

/**
 * Renders `**bold**`, `` `code` `` and `# headings` as Telegram HTML. Everything else is escaped, so a
 * model's stray `<` or unbalanced `*` can never break the parser; the sender still falls back to plain text
 * if Telegram refuses.
 */
export function markdownToHtml(markdown: string): string {
  // Over the whole text at once (every answer passes here): no pattern crosses a line, and escaping leaves
  // a heading's `#` and spaces alone. A pass whose mark is absent is skipped (most answers have no code or
  // headings, and the heading pattern's look-behind is tried at every position).
  let html = escapeHtml(markdown);
  if (html.includes('**')) html = html.replace(/\*\*([^*\n]+?)\*\*/g, '<b>$1</b>');
  if (html.includes('`')) html = html.replace(/`([^`\n]+?)`/g, '<code>$1</code>');
  // A heading is a whole line (split at \n only, as the coach writes them) that `.` matches to its end.
  if (html.includes('#'))
    html = html.replace(/(?<=^|\n)#{1,6}[^\S\n]+([^\n\r\u2028\u2029]*)(?=\n|$)/g, '<b>$1</b>');
  return html;
}

/** Removes Markdown marks for the plain-text fallback. */
export function markdownToPlain(markdown: string): string {
  return markdown
    .replace(/\*\*([^*\n]+?)\*\*/g, '$1')
    .replace(/`([^`\n]+?)`/g, '$1')
    .replace(/^#{1,6}\s+/gm, '');
}

/** The sources footer listing cited lessons. */
export function sourcesFooter(label: string, citations: readonly Citation[]): string {
  if (citations.length === 0) return '';
  return `\n\n📚 ${label}:\n${citations.map((c, i) => `${citationLabel(c, i)} ${c.title}`).join('\n')}`;
}

/**
 * Splits text into parts of at most `limit` characters, preferring paragraph, then line, then sentence
 * boundaries, so no part breaks mid-word when it can be helped. HTML tags are never cut because parts are
 * split before rendering.
 */
export function splitText(text: string, limit = telegramTextLimit): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut = [
      window.lastIndexOf('\n\n'),
      window.lastIndexOf('\n'),
      lastSentenceEnd(window),
      window.lastIndexOf(' '),
    ].find((index) => index > limit / 2);
    const at = cut === undefined ? limit : cut + 1;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

function lastSentenceEnd(text: string): number {
  const match = /[。！？.!?](?=[^。！？.!?]*$)/u.exec(text);
  return match ? match.index : -1;
}
