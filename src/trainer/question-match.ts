/**
 * @module When two questions are "the same question": normalised text first, then word overlap.
 *
 * Used to serve a trainer's approved answer for a reworded question (and so to stop such questions becoming
 * new gaps). Deliberately strict: a wrong approved answer, served ahead of the knowledge base and the model,
 * costs more than a miss, which only falls back to the ordinary answer.
 */
import { normalizeText } from '../retrieval/tokenizer.ts';

/** Folds width, case, punctuation and spaces, so "ＤＯＵ＋怎么投？" and "dou+ 怎么投" are one text. */
export function normaliseQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+#]+/gu, '');
}

/** The word and bigram sets a question is compared by. */
export interface QuestionTerms {
  words: ReadonlySet<string>;
  /** Han-character bigrams of the original text: catch rewordings jieba cuts differently. */
  bigrams: ReadonlySet<string>;
}

/** What matching needs of the retrieval tokenizer (`knowledge.grounding.tokenizer`). */
export interface QuestionTokenizer {
  words(text: string): string[];
  bigrams(text: string): string[];
}

/** Compares questions. */
export interface QuestionMatcher {
  terms(question: string): QuestionTerms;
  /** How alike two questions are, 0…1. */
  similarity(a: QuestionTerms, b: QuestionTerms): number;
}

// Words that change how a question is phrased, not what it asks (the tokenizer's stopwords cover the rest).
const fillers = new Set(['处理', '老是', '能不能', '可不可以', '是不是', 'much', 'help', 'possible', 'way']);

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  const total = a.size + b.size;
  return total === 0 ? 0 : (2 * shared) / total;
}

/**
 * Creates a matcher. Glossary synonyms are folded to their group's first term before tokenizing, so
 * "抖店的保证金" and "抖音小店保证金" share their words; expanding both sides with every alias instead would
 * make any two questions about the same thing look alike.
 *
 * The similarity is the Dice coefficient over words, and for two Chinese questions the mean of that and
 * the Dice over character bigrams of the original text.
 */
export function createQuestionMatcher({
  tokenizer,
  synonyms = [],
}: {
  tokenizer: QuestionTokenizer;
  /** Groups of equivalent terms (a glossary term and its aliases). */
  synonyms?: ReadonlyArray<readonly string[]>;
}): QuestionMatcher {
  const canonical = new Map<string, string>();
  for (const group of synonyms) {
    const first = normalizeText(group[0] ?? '').trim();
    for (const term of group) {
      const alias = normalizeText(term).trim();
      if (alias.length > 1 && !canonical.has(alias)) canonical.set(alias, first);
    }
  }
  const aliases = [...canonical.keys()].sort((a, b) => b.length - a.length);
  function fold(text: string): string {
    let folded = normalizeText(text);
    for (const alias of aliases) {
      if (folded.includes(alias)) folded = folded.split(alias).join(` ${canonical.get(alias)} `);
    }
    return folded;
  }
  return {
    terms: (question) => ({
      words: new Set(tokenizer.words(fold(question)).filter((word) => !fillers.has(word))),
      bigrams: new Set(tokenizer.bigrams(question)),
    }),
    similarity(a, b) {
      const words = dice(a.words, b.words);
      if (a.bigrams.size === 0 || b.bigrams.size === 0) return words;
      return (words + dice(a.bigrams, b.bigrams)) / 2;
    },
  };
}

/**
 * The similarity from which a question counts as the same: calibrated on the paraphrase and near-miss
 * pairs in `test/trainer/question-match.test.ts` (paraphrases ≥ 0.60, near misses ≤ 0.54 when it was set).
 */
export const sameQuestionThreshold = 0.58;

/** The glossary's synonym groups (each term with its aliases, both languages) for {@link createQuestionMatcher}. */
export function glossarySynonyms(kb: {
  glossaries: Partial<
    Record<string, { entries: ReadonlyArray<{ term: string; aliases: readonly string[] }> }>
  >;
}): string[][] {
  return Object.values(kb.glossaries).flatMap(
    (glossary) => glossary?.entries.map((entry) => [entry.term, ...entry.aliases]) ?? [],
  );
}
