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

/** Lines a passage is made of: list items and sentences, without the breadcrumb line. */
function linesOf(passage: Passage): string[] {
  return passage.text
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
 * Picks the lines of the top passages that share the most query words, keeps them in reading order, and
 * cites each passage with `[n]`.
 */
export function composeOfflineAnswer(
  question: string,
  passages: readonly Passage[],
  language: Language,
  tokenizer: Tokenizer,
): { text: string; citations: Citation[] } {
  const queryWords = new Set(tokenizer.words(question));
  const top = passages[0];
  if (!top) return { text: '', citations: [] };
  // The second passage joins when it is nearly as relevant and from another lesson or section.
  const chosen = passages
    .slice(0, 3)
    .filter((p, i) => i === 0 || (p.score >= top.score * 0.6 && p.section !== top.section))
    .slice(0, 2);
  let room = budget[language];
  const blocks: string[] = [];
  for (const passage of chosen) {
    const lines = linesOf(passage);
    const scored = lines.map((line, index) => {
      const words = tokenizer.words(line);
      const overlap = words.filter((w) => queryWords.has(w)).length;
      return { line, index, score: overlap + (index < 2 ? 0.5 : 0) };
    });
    const picked = [...scored]
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, passage === top ? 4 : 2)
      .sort((a, b) => a.index - b.index)
      .map(({ line }) => clean(line))
      .filter((line) => {
        if (room <= 0) return false;
        room -= line.length;
        return true;
      });
    if (picked.length > 0) {
      blocks.push(
        `**${passage.title} › ${passage.section}**\n${picked.map((line) => `• ${line}`).join('\n')} [${passage.n}]`,
      );
    }
  }
  const citations = dedupe(chosen.map((p) => ({ id: p.lessonId, title: p.title, track: p.track })));
  const lead = language === 'zh' ? '根据村播知识库：' : 'From the Cunbo knowledge base:';
  return { text: `${lead}\n\n${blocks.join('\n\n')}`, citations };
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
