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
  /** Its words' numbers in the dictionary of the {@link PassageLines} that split it. */
  wordIds: Int32Array;
}

/** Passages' quotable lines (see {@link createPassageLines}). */
export interface PassageLines {
  /** The quotable lines of a passage's text. */
  of(text: string): readonly PassageLine[];
  /**
   * How many of each line's words are among `words` (repeats in the line count), in a shared array that
   * is valid until the next call: the count for `lines[i]` at `[i]`.
   */
  overlaps(words: readonly string[], lines: readonly PassageLine[]): Float64Array;
}

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
 *
 * Every word of a line is numbered in a dictionary, so that matching a question's words against a line
 * reads a flag per word instead of hashing it: that was most of the cost of an offline answer. Words of
 * texts split afresh (not `known`) join the dictionary too.
 */
export function createPassageLines(tokenizer: Tokenizer, known: Iterable<string> = []): PassageLines {
  const remembered = new Map<string, readonly PassageLine[] | undefined>();
  for (const text of known) remembered.set(text, undefined);
  const dictionary = new Map<string, number>();
  const idOf = (word: string) => {
    let id = dictionary.get(word);
    if (id === undefined) {
      id = dictionary.size;
      dictionary.set(word, id);
    }
    return id;
  };
  const split = (text: string) =>
    linesOf(text).map((line): PassageLine => {
      const words = tokenizer.sharedWords(line);
      return { quoted: clean(line), words, wordIds: Int32Array.from(words, idOf) };
    });
  // Scratch for overlaps: a flag per dictionary word (set for the question's words, cleared after), the
  // words flagged, and the scores. Answers are composed synchronously, one at a time.
  let asked = new Uint8Array(0);
  let askedIds = new Int32Array(16);
  let scores = new Float64Array(16);
  return {
    of(text) {
      let lines = remembered.get(text);
      if (lines) return lines;
      if (!remembered.has(text)) return split(text);
      lines = split(text);
      remembered.set(text, lines);
      return lines;
    },
    overlaps(words, lines) {
      if (asked.length < dictionary.size) asked = new Uint8Array(dictionary.size * 2);
      if (askedIds.length < words.length) askedIds = new Int32Array(words.length * 2);
      if (scores.length < lines.length) scores = new Float64Array(lines.length * 2);
      // A question word no line has cannot match: it needs no number.
      let askedCount = 0;
      for (let w = 0; w < words.length; w++) {
        const id = dictionary.get(words[w]!);
        if (id === undefined) continue;
        asked[id] = 1;
        askedIds[askedCount++] = id;
      }
      for (let i = 0; i < lines.length; i++) {
        const ids = lines[i]!.wordIds;
        let overlap = 0;
        for (let w = 0; w < ids.length; w++) overlap += asked[ids[w]!]!;
        scores[i] = overlap;
      }
      for (let w = 0; w < askedCount; w++) asked[askedIds[w]!] = 0;
      return scores;
    },
  };
}

/**
 * Picks the lines of the top passages that share the most query words, keeps them in reading order, and
 * marks each passage's lines with its lesson's place among the citations (`[1]`, `[2]`).
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
  const top = passages[0];
  if (!top) return { text: '', citations: [] };
  // The second passage joins when it is nearly as relevant and from another lesson or section. Below a
  // glossary entry, the best lesson passage joins whatever its score: short entries outscore lessons, and
  // "快手怎么挂小黄车" needs the steps as well as what 小黄车 means.
  let second: Passage | undefined;
  for (let i = 1; i < Math.min(passages.length, 3) && !second; i++) {
    const passage = passages[i]!;
    const explainsTheTerm = top.track === 'glossary' && passage.track !== 'glossary';
    if ((passage.score >= top.score * 0.6 || explainsTheTerm) && passage.section !== top.section)
      second = passage;
  }
  const chosen = second ? [top, second] : [top];
  // Two passages of one lesson are one source: one citation, one marker.
  const citations: Citation[] = [];
  const refOf = (passage: Passage) => {
    let at = citations.findIndex((citation) => citation.id === passage.lessonId);
    if (at === -1) {
      at = citations.length;
      citations.push({ id: passage.lessonId, title: passage.title, track: passage.track, refs: [at + 1] });
    }
    return at + 1;
  };
  const queryWords = tokenizer.sharedWords(question);
  let room = budget[language];
  // The answer's pieces, joined once at the end.
  const text = [language === 'zh' ? '根据村播知识库：' : 'From the Cunbo knowledge base:', '\n\n'];
  let blocks = 0;
  for (let c = 0; c < chosen.length; c++) {
    const passage = chosen[c]!;
    const candidates = lines.of(passage.text);
    // A line scores the query words it contains (repeats count), plus a little for opening the passage.
    const scores = lines.overlaps(queryWords, candidates);
    if (candidates.length > 0) scores[0]! += 0.5;
    if (candidates.length > 1) scores[1]! += 0.5;
    // The best lines (the earlier on a tie), quoted in reading order. A line picked is marked with a
    // score no line has, -1: it then loses to every line left, and is known for quoting.
    for (let n = Math.min(passage === top ? 4 : 2, candidates.length); n > 0; n--) {
      let pick = 0;
      for (let i = 1; i < candidates.length; i++) if (scores[i]! > scores[pick]!) pick = i;
      scores[pick] = picked;
    }
    let quoted = 0;
    for (let i = 0; i < candidates.length; i++) {
      if (scores[i] !== picked || room <= 0) continue;
      const line = candidates[i]!.quoted;
      room -= line.length;
      if (quoted++ === 0) {
        if (blocks++ > 0) text.push('\n\n');
        text.push('**', passage.title, ' › ', passage.section, '**\n• ', line);
      } else {
        text.push('\n• ', line);
      }
    }
    if (quoted > 0) text.push(' [', String(refOf(passage)), ']');
  }
  return { text: text.join(''), citations };
}

/** The score that marks a line picked for quoting (see {@link composeOfflineAnswer}). */
const picked = -1;

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
