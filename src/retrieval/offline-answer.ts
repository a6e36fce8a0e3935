/**
 * @module Answering without a model: the most relevant lines of the best passages, cited.
 *
 * Extractive on purpose: every sentence is the knowledge base's own, so the offline bot cannot invent a
 * rule or a number.
 */
import type { OfflineAnswer, Passage } from '../core/grounding.ts';
import { phrases } from '../core/phrases.ts';
import type { Citation, Language } from '../core/turn.ts';
import type { Tokenizer } from './tokenizer.ts';

/** How much an offline answer may quote. */
const budget = { zh: 360, en: 900 };

/** A line of a passage that may be quoted: as quoted, and the words of the line as written. */
export interface PassageLine {
  quoted: string;
  words: readonly string[];
}

/** A passage's quotable lines (see {@link createPassageLines}). */
export type PassageLines = (text: string) => readonly PassageLine[];

/** Lines a passage is made of: list items and sentences, without the breadcrumb line. */
function linesOf(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const trimmed = line.trim();
      if (!trimmed || /^#{1,6}\s/.test(trimmed) || /^\|/.test(trimmed)) return [];
      if (/^([-*•]|\d+[.、)])\s*/.test(trimmed) || trimmed.length < 120) return [trimmed];
      return trimmed.match(/[^。！？!?]+[。！？!?]*|[^.]+\.(\s|$)/gu)?.map((s) => s.trim()) ?? [trimmed];
    })
    .filter((line) => line.replace(/[-*•\d.、)\s]/g, '').length > 4);
}

function clean(line: string): string {
  return line
    .replace(/^([-*•]|\d+[.、)])\s*/, '')
    .replace(/^\[ \]\s*/, '')
    .replace(/\*\*/g, '')
    .trim();
}

/**
 * Splits passage texts into quotable lines with their words. The knowledge base's own texts (`known`) are
 * split once and remembered: every offline answer quotes from them, and they never change.
 */
export function createPassageLines(tokenizer: Tokenizer, known: Iterable<string> = []): PassageLines {
  const remembered = new Map<string, readonly PassageLine[] | undefined>();
  for (const text of known) remembered.set(text, undefined);
  const split = (text: string) =>
    linesOf(text).map((line) => ({ quoted: clean(line), words: tokenizer.sharedWords(line) }));
  return (text) => {
    if (!remembered.has(text)) return split(text);
    let lines = remembered.get(text);
    if (!lines) {
      lines = split(text);
      remembered.set(text, lines);
    }
    return lines;
  };
}

/**
 * Picks the lines of the top passages that share the most query words, keeps them in reading order, and
 * cites each passage with `[n]`.
 *
 * @param lines how passages are split (default: afresh each time)
 */
export function composeOfflineAnswer(
  question: string,
  passages: readonly Passage[],
  language: Language,
  tokenizer: Tokenizer,
  lines: PassageLines = createPassageLines(tokenizer),
): { text: string; citations: Citation[] } {
  const queryWords = new Set(tokenizer.sharedWords(question));
  const top = passages[0];
  if (!top) return { text: '', citations: [] };
  // The second passage joins when it is nearly as relevant and from another lesson or section.
  const chosen: Passage[] = [top];
  for (let i = 1; i < Math.min(passages.length, 3) && chosen.length < 2; i++) {
    const passage = passages[i]!;
    if (passage.score >= top.score * 0.6 && passage.section !== top.section) chosen.push(passage);
  }
  let room = budget[language];
  // The answer's pieces, joined once at the end.
  const text = [language === 'zh' ? '根据村播知识库：' : 'From the Cunbo knowledge base:', '\n\n'];
  let blocks = 0;
  for (let c = 0; c < chosen.length; c++) {
    const passage = chosen[c]!;
    const candidates = lines(passage.text);
    // A line scores the query words it contains (repeats count), plus a little for opening the passage.
    // Indexed loops here and in retrieval's other hot paths: for-of allocated an iterator per line.
    const scores: number[] = [];
    for (let i = 0; i < candidates.length; i++) {
      let overlap = 0;
      const words = candidates[i]!.words;
      for (let w = 0; w < words.length; w++) if (queryWords.has(words[w]!)) overlap++;
      scores.push(overlap + (i < 2 ? 0.5 : 0));
    }
    // The best lines (the earlier on a tie), quoted in reading order.
    const best: number[] = [];
    for (let n = Math.min(passage === top ? 4 : 2, candidates.length); n > 0; n--) {
      let pick = -1;
      for (let i = 0; i < scores.length; i++) {
        if (!best.includes(i) && (pick === -1 || scores[i]! > scores[pick]!)) pick = i;
      }
      best.push(pick);
    }
    let quoted = 0;
    for (let i = 0; i < candidates.length; i++) {
      if (!best.includes(i) || room <= 0) continue;
      const line = candidates[i]!.quoted;
      room -= line.length;
      if (quoted++ === 0) {
        if (blocks++ > 0) text.push('\n\n');
        text.push('**', passage.title, ' › ', passage.section, '**\n• ', line);
      } else {
        text.push('\n• ', line);
      }
    }
    if (quoted > 0) text.push(' [', String(passage.n), ']');
  }
  const citations = dedupe(chosen.map((p) => ({ id: p.lessonId, title: p.title, track: p.track })));
  return { text: text.join(''), citations };
}

/** The reply when the knowledge base does not cover a question: say so, and point at the nearest lessons. */
export function composeNotCovered(passages: readonly Passage[], language: Language): OfflineAnswer {
  const near = dedupe(
    passages.slice(0, 5).map((p) => ({ id: p.lessonId, title: p.title, track: p.track })),
  ).slice(0, 3);
  const say = phrases(language);
  const list = near.length
    ? `\n\n${say.nearestLessons}\n${near.map((c, i) => `${i + 1}. ${c.title}`).join('\n')}`
    : '';
  return { text: `${say.notCovered}${list}`, citations: [], abstained: true };
}

function dedupe(citations: Citation[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const citation of citations) if (!seen.has(citation.id)) seen.set(citation.id, citation);
  return [...seen.values()];
}
