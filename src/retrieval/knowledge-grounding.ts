/**
 * @module The coach's `Grounding` over the knowledge base: scope rules, follow-up context, lexical (and,
 * when configured, dense) retrieval, the "is this covered?" decision, and offline answers.
 */
import type { Grounded, Grounding, Passage, Personalisation } from '../core/grounding.ts';
import type { Citation, Language } from '../core/turn.ts';
import type { HistoryEntry } from '../memory/history.ts';
import {
  type Chunk,
  type ChunkableGlossary,
  type ChunkableLesson,
  type ChunkableTips,
  chunkGlossary,
  chunkLesson,
  chunkTips,
} from './chunks.ts';
import {
  type AnalysedText,
  createLexicalRetriever,
  type LexicalRetriever,
  type ScoredChunk,
} from './lexical-retriever.ts';
import { composeNotCovered, composeOfflineAnswer, createPassageLines } from './offline-answer.ts';
import type { ScopeRules } from './scope.ts';
import { createSynonymTable } from './synonyms.ts';
import { createTokenizer, type Tokenizer } from './tokenizer.ts';

/** The knowledge the grounding indexes. */
export interface GroundingSource {
  lessons: readonly ChunkableLesson[];
  glossaries: readonly ChunkableGlossary[];
  tips: readonly ChunkableTips[];
}

/** All chunks of a source, in a stable order. */
export function chunkSource(source: GroundingSource): Chunk[] {
  return [
    ...source.lessons.flatMap(chunkLesson),
    ...source.glossaries.flatMap(chunkGlossary),
    ...source.tips.flatMap(chunkTips),
  ];
}

/** When a question counts as covered (calibrated on the dev set: see `cunbo eval`). */
export interface CoverageThresholds {
  minScore: number;
  minCoverage: number;
  /**
   * A long, chatty question matches strongly but dilutes coverage with words the lessons never use
   * ("俺两口子播…"): at or above `strongScore`, `strongMinCoverage` is enough.
   */
  strongScore: number;
  strongMinCoverage: number;
}

/** Defaults from the last calibration. */
export const defaultThresholds: CoverageThresholds = {
  minScore: 4,
  minCoverage: 0.35,
  strongScore: 18,
  strongMinCoverage: 0.15,
};

/** Re-ranks lexical hits (dense fusion, rerank); optional. */
export type HitReranker = (query: string, lang: Language, hits: ScoredChunk[]) => Promise<ScoredChunk[]>;

/** Options for {@link createKnowledgeGrounding}. */
export interface KnowledgeGroundingOptions {
  source: GroundingSource;
  /** `chunkSource(source)`, when the caller already made them (e.g. to embed them). */
  chunks?: readonly Chunk[];
  scope: ScopeRules;
  thresholds?: CoverageThresholds;
  /** Passages given to the model. */
  passageCount?: number;
  rerank?: HitReranker;
  /** Reuse a tokenizer (its dictionary takes ~200 ms to load). */
  tokenizer?: Tokenizer;
}

/** The grounding plus what evaluation and the CLI need to see. */
export interface KnowledgeGrounding extends Grounding {
  retriever: LexicalRetriever;
  tokenizer: Tokenizer;
  /** Ranked chunks for a question (no scope rules), for `cunbo retrieve` and evaluation. */
  rank(question: string, language: Language, k: number, context?: string): Promise<ScoredChunk[]>;
}

const followUpPatterns: Record<Language, RegExp> = {
  zh: /^(那|那么|还有|另外|如果|要是|换成|改成|同样|也)|呢[？?。!！]?$|^(可以|能|行)吗[？?]?$/u,
  en: /^(what about|how about|and\b|and for|same for|what if|also|then)|\?\s*$(?<=^.{0,30})/i,
};

const deerExample = /^(示例：鹿产品|Example: deer products)$/;
const otherExample = /^(示例：其他农产品|Example: other farm products)$/;

/** Leans towards the worked example that matches what the learner sells. */
function exampleWeight(section: string, personal: Personalisation | undefined): number {
  if (personal?.deerExamples === undefined) return 1;
  if (deerExample.test(section)) return personal.deerExamples ? 1.3 : 0.7;
  if (otherExample.test(section)) return personal.deerExamples ? 0.7 : 1.3;
  return 1;
}

const definitional = /是什么|啥意思|什么意思|是啥|指什么|\bwhat (is|are|does)\b|\bmean(s|ing)?\b|\bdefin/iu;

/**
 * How much each kind of chunk counts. Glossary entries are short, so BM25 favours them; they lead only when
 * the user asks what a word means. Tips rank a little below lessons, which explain more.
 */
function priors(question: string): Record<string, number> {
  return { glossary: definitional.test(question) ? 1.2 : 0.45, tips: 0.8 };
}

/** Builds the grounding: chunks, tokenizer (with the glossary as its dictionary), index. */
export function createKnowledgeGrounding({
  source,
  chunks = chunkSource(source),
  scope,
  thresholds = defaultThresholds,
  passageCount = 5,
  rerank,
  tokenizer: givenTokenizer,
}: KnowledgeGroundingOptions): KnowledgeGrounding {
  const synonyms = createSynonymTable(
    source.glossaries.flatMap((glossary) => glossary.entries.map((entry) => [entry.term, ...entry.aliases])),
  );
  const tokenizer =
    givenTokenizer ??
    createTokenizer([...synonyms.words(), ...source.lessons.flatMap((lesson) => lesson.meta.tags)]);
  const retriever = createLexicalRetriever(chunks, tokenizer, synonyms);
  const passageLines = createPassageLines(
    tokenizer,
    chunks.map((chunk) => chunk.text),
  );
  const titles = new Map<string, Citation>();
  for (const chunk of chunks)
    titles.set(chunk.lessonId, { id: chunk.lessonId, title: chunk.title, track: chunk.track });

  async function rankBoth(
    question: string,
    language: Language,
    k: number,
    context?: string,
    personal?: Personalisation,
    analysed: AnalysedText = retriever.analyse(question),
  ) {
    const prior = priors(question);
    const lexical = retriever.search({ text: question, lang: language, context, analysed }, Math.max(k, 40));
    // The hits are this search's own: re-weighted in place (a spread copy would lose their coverage, which
    // a hit works out when first read; see ScoredChunk).
    for (let i = 0; i < lexical.length; i++) {
      const hit = lexical[i]!;
      hit.score = hit.score * (prior[hit.chunk.track] ?? 1) * exampleWeight(hit.chunk.section, personal);
    }
    sortByScore(lexical);
    const searchText = context ? `${context} ${question}` : question;
    const ranked = rerank ? await rerank(searchText, language, lexical) : lexical;
    return { lexical, ranked: ranked.slice(0, k) };
  }

  async function rank(question: string, language: Language, k: number, context?: string) {
    return (await rankBoth(question, language, k, context)).ranked;
  }

  function followUpContext(
    question: string,
    language: Language,
    history: readonly HistoryEntry[],
    analysed: AnalysedText,
  ) {
    let previous: HistoryEntry | undefined;
    for (let i = history.length - 1; i >= 0 && !previous; i--) {
      if (history[i]!.role === 'user') previous = history[i];
    }
    if (!previous) return undefined;
    const ownWords = analysed.words.length;
    return ownWords <= 2 || followUpPatterns[language].test(question.trim()) ? previous.text : undefined;
  }

  function toPassages(hits: readonly ScoredChunk[]): Passage[] {
    const perLesson = new Map<string, number>();
    const passages: Passage[] = [];
    for (let i = 0; i < hits.length; i++) {
      const { chunk, score } = hits[i]!;
      const used = perLesson.get(chunk.lessonId) ?? 0;
      if (used >= 2) continue;
      perLesson.set(chunk.lessonId, used + 1);
      passages.push({
        n: passages.length + 1,
        lessonId: chunk.lessonId,
        title: chunk.title,
        track: chunk.track,
        section: chunk.section,
        text: chunk.text,
        score,
      });
      if (passages.length === passageCount) break;
    }
    return passages;
  }

  return {
    retriever,
    tokenizer,
    rank,
    async find(question, language, history, personal) {
      const decline = scope.check(question, language);
      // The question's words and synonyms, worked out once for the follow-up test, search and coverage.
      const analysed = retriever.analyse(question);
      const context = followUpContext(question, language, history, analysed);
      const { lexical, ranked: hits } = await rankBoth(question, language, 30, context, personal, analysed);
      // The "covered?" decision uses the lexical scores it was calibrated on, whatever reorders them.
      const topScore = lexical[0]?.score ?? 0;
      const topCoverage = retriever.coverage(
        analysed,
        lexical.slice(0, 3).map((hit) => hit.chunk),
      );
      const covered =
        !decline &&
        topScore >= thresholds.minScore &&
        (topCoverage >= thresholds.minCoverage ||
          (topScore >= thresholds.strongScore && topCoverage >= thresholds.strongMinCoverage) ||
          context !== undefined);
      return {
        query: context ? `${context} → ${question}` : question,
        passages: toPassages(hits),
        lessonIds: lessonsOf(hits),
        covered,
        decline: decline && {
          key: decline.key,
          message: withLesson(decline.message, decline.lessonId, titles),
        },
        topScore,
        topCoverage,
      } satisfies Grounded;
    },
    answerOffline(grounded, language) {
      if (grounded.decline) return { text: grounded.decline.message, citations: [], abstained: true };
      if (!grounded.covered) return composeNotCovered(grounded.passages, language);
      return {
        ...composeOfflineAnswer(grounded.query, grounded.passages, language, tokenizer, passageLines),
        abstained: false,
      };
    },
    cite: (lessonId) => titles.get(lessonId),
  };
}

/** The lessons of the hits, each once, best first. */
function lessonsOf(hits: readonly ScoredChunk[]): string[] {
  const lessons: string[] = [];
  for (let i = 0; i < hits.length; i++) {
    const lessonId = hits[i]!.chunk.lessonId;
    if (!lessons.includes(lessonId)) lessons.push(lessonId);
  }
  return lessons;
}

/**
 * Sorts hits best first, keeping the order of equal scores: what `sort((a, b) => b.score - a.score)` does,
 * without the copy the built-in sort makes and a boxed number per comparison. Hits arrive nearly sorted
 * (priors only nudge the lexical order), which insertion sort handles in few steps.
 */
function sortByScore(hits: ScoredChunk[]): void {
  for (let i = 1; i < hits.length; i++) {
    const hit = hits[i]!;
    let at = i;
    for (; at > 0 && hits[at - 1]!.score < hit.score; at--) hits[at] = hits[at - 1]!;
    hits[at] = hit;
  }
}

function withLesson(
  message: string,
  lessonId: string | undefined,
  titles: ReadonlyMap<string, Citation>,
): string {
  const lesson = lessonId ? titles.get(lessonId) : undefined;
  return lesson ? `${message}\n\n📖 ${lesson.title}` : message;
}
