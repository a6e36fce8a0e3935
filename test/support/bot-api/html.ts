/**
 * @module Telegram's `parse_mode: 'HTML'`, closely enough to fail where Telegram fails.
 *
 * Follows TDLib's parser: only the documented tags, `&lt; &gt; &amp; &quot;` and numeric entities, error
 * messages with UTF-8 byte offsets. Entity offsets and lengths are UTF-16 code units, like Telegram's.
 */
import type { MessageEntity } from 'grammy/types';
import { badRequest } from './errors.ts';

/** Plain text and the entities the markup stood for. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const supportedTags = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-spoiler',
  'span',
]);

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  /** UTF-16 offset in the output where the tag's content starts. */
  offset: number;
  attributes: Map<string, string>;
  /** Set on `<pre>` by a nested `<code class="language-…">`. */
  language?: string;
}

/**
 * Parses Telegram HTML into text and entities.
 *
 * @throws ApiError 400 `Bad Request: can't parse entities: …` where Telegram would refuse the markup
 */
export function parseHtml(html: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];
  const fail = (why: string): never => {
    throw badRequest(`can't parse entities: ${why}`);
  };
  const at = (index: number) => Buffer.byteLength(html.slice(0, index), 'utf8');

  let i = 0;
  while (i < html.length) {
    const char = html[i]!;
    if (char === '&') {
      const decoded = decodeEntity(html, i);
      text += decoded.text;
      i += decoded.length;
      continue;
    }
    if (char !== '<') {
      // The plain run up to the next markup, in one piece (a string per character was most of the
      // fake server's garbage in the throughput benchmark).
      let end = i + 1;
      while (end < html.length && html[end] !== '<' && html[end] !== '&') end++;
      text += html.slice(i, end);
      i = end;
      continue;
    }
    const begin = i;
    if (html[i + 1] === '/') {
      const close = html.indexOf('>', i);
      if (close < 0) fail(`Unclosed end tag at byte offset ${at(begin)}`);
      const name = html
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const tag = open.pop();
      if (!tag) fail(`Unexpected end tag at byte offset ${at(begin)}`);
      if (name !== '' && name !== tag!.name) {
        fail(`Unmatched end tag at byte offset ${at(begin)}, expected "</${tag!.name}>", found "</${name}>"`);
      }
      closeTag(tag!, text, open, entities);
      i = close + 1;
      continue;
    }
    // A start tag: the name runs to the first space or '>'.
    i++;
    while (i < html.length && !isSpace(html[i]!) && html[i] !== '>') i++;
    if (i >= html.length) fail(`Unclosed start tag at byte offset ${at(begin)}`);
    const name = html.slice(begin + 1, i).toLowerCase();
    if (!supportedTags.has(name)) fail(`Unsupported start tag "${name}" at byte offset ${at(begin)}`);
    const attributes = new Map<string, string>();
    while (true) {
      while (i < html.length && isSpace(html[i]!)) i++;
      if (i >= html.length) fail(`Unclosed start tag at byte offset ${at(begin)}`);
      if (html[i] === '>') break;
      const nameStart = i;
      while (i < html.length && /[A-Za-z0-9_-]/.test(html[i]!)) i++;
      const attribute = html.slice(nameStart, i).toLowerCase();
      if (!attribute) fail(`Empty attribute name in the tag "${name}" at byte offset ${at(begin)}`);
      while (i < html.length && isSpace(html[i]!)) i++;
      if (html[i] !== '=') {
        // Only `<blockquote expandable>` may have a bare attribute.
        if (name === 'blockquote' && attribute === 'expandable') {
          attributes.set(attribute, '');
          continue;
        }
        fail(
          `Expected equal sign in declaration of an attribute of the tag "${name}" at byte offset ${at(begin)}`,
        );
      }
      i++;
      while (i < html.length && isSpace(html[i]!)) i++;
      let value: string;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const end = html.indexOf(quote, i + 1);
        if (end < 0) fail(`Unclosed end of attribute value in the tag "${name}" at byte offset ${at(begin)}`);
        value = decodeAll(html.slice(i + 1, end));
        i = end + 1;
      } else {
        const valueStart = i;
        while (i < html.length && /[A-Za-z0-9.:/?=&#%_~+-]/.test(html[i]!)) i++;
        if (i === valueStart) fail(`Empty attribute value in the tag "${name}" at byte offset ${at(begin)}`);
        value = decodeAll(html.slice(valueStart, i));
      }
      attributes.set(attribute, value);
    }
    i++; // past '>'
    if (name === 'span' && attributes.get('class') !== 'tg-spoiler') {
      fail(`Tag "span" must have class "tg-spoiler" at byte offset ${at(begin)}`);
    }
    open.push({ name, offset: text.length, attributes });
  }
  const unclosed = open.at(-1);
  if (unclosed) fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text, entities: sortEntities(entities) };
}

/**
 * Strips leading and trailing whitespace as Telegram does, moving and clipping the entities to match.
 */
export function trimFormatted({ text, entities }: FormattedText): FormattedText {
  const start = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const end = start + trimmed.length;
  const moved: MessageEntity[] = [];
  for (const entity of entities) {
    const from = Math.max(entity.offset, start);
    const to = Math.min(entity.offset + entity.length, end);
    if (to > from) moved.push({ ...entity, offset: from - start, length: to - from });
  }
  return { text: trimmed, entities: moved };
}

// === Helpers

function closeTag(tag: OpenTag, text: string, open: OpenTag[], entities: MessageEntity[]): void {
  const offset = tag.offset;
  const length = text.length - offset;
  if (tag.name === 'code') {
    const parent = open.at(-1);
    const language = tag.attributes.get('class')?.match(/^language-(.+)$/)?.[1];
    // `<pre><code class="language-x">` is one pre entity with a language, not two entities.
    if (parent?.name === 'pre' && parent.offset === offset) {
      if (language) parent.language = language;
      return;
    }
  }
  if (length === 0) return;
  switch (tag.name) {
    case 'b':
    case 'strong':
      entities.push({ type: 'bold', offset, length });
      return;
    case 'i':
    case 'em':
      entities.push({ type: 'italic', offset, length });
      return;
    case 'u':
    case 'ins':
      entities.push({ type: 'underline', offset, length });
      return;
    case 's':
    case 'strike':
    case 'del':
      entities.push({ type: 'strikethrough', offset, length });
      return;
    case 'tg-spoiler':
    case 'span':
      entities.push({ type: 'spoiler', offset, length });
      return;
    case 'code':
      entities.push({ type: 'code', offset, length });
      return;
    case 'pre':
      entities.push(
        tag.language
          ? { type: 'pre', offset, length, language: tag.language }
          : { type: 'pre', offset, length },
      );
      return;
    case 'blockquote':
      entities.push({
        type: tag.attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote',
        offset,
        length,
      });
      return;
    case 'a': {
      const url = tag.attributes.get('href');
      if (url) entities.push({ type: 'text_link', offset, length, url });
      return;
    }
  }
}

/** Decodes the entity at `html[index] === '&'`; unknown entities stay literal, as in Telegram. */
function decodeEntity(html: string, index: number): { text: string; length: number } {
  const match = /^&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});/.exec(html.slice(index, index + 12));
  if (!match) return { text: '&', length: 1 };
  const body = match[1]!;
  if (body.startsWith('#')) {
    const code =
      body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
    if (code > 0 && code <= 0x10ffff) return { text: String.fromCodePoint(code), length: match[0].length };
    return { text: '&', length: 1 };
  }
  const named = namedEntities[body.toLowerCase()];
  return named === undefined ? { text: '&', length: 1 } : { text: named, length: match[0].length };
}

function decodeAll(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    if (value[i] === '&') {
      const decoded = decodeEntity(value, i);
      out += decoded.text;
      i += decoded.length;
    } else {
      out += value[i];
      i++;
    }
  }
  return out;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\t' || char === '\r';
}

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}
