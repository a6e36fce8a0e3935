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

/**
 * How soon after the previous question a short or "那…呢" question is read as following it up. Later, it is
 * a question of its own: "观众都走了说啥？" the next morning has nothing to do with last night's question.
 */
export const followUpWindowMs = 60 * 60_000;

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

/** The learner's leanings {@link exampleWeight} tells apart, each numbered by {@link leaning}. */
const leanings: ReadonlyArray<Personalisation | undefined> = [
  undefined,
  { deerExamples: true },
  { deerExamples: false },
];

function leaning(personal: Personalisation | undefined): number {
  if (personal?.deerExamples === undefined) return 0;
  return personal.deerExamples ? 1 : 2;
}

// Whether a question asks what a word means. This was one expression with the `iu` flags, which V8 runs
// many times slower than these: Han characters have no case, so `u` alone finds them as `iu` did; and `i`
// without `u` finds the Latin words in every text just as `iu` does, except one with ſ or the Kelvin sign,
// which only `iu` folds into s and k (and so counts as word characters for \b).
const definitionalHan = /是什么|啥意思|什么意思|是啥|指什么/u;
const definitionalLatin = /\bwhat (is|are|does)\b|\bmean(s|ing)?\b|\bdefin/i;
const definitionalFolded = /\bwhat (is|are|does)\b|\bmean(s|ing)?\b|\bdefin/iu;
const foldsIntoAscii = /[\u017f\u212a]/;

function definitional(question: string): boolean {
  if (definitionalHan.test(question)) return true;
  return (foldsIntoAscii.test(question) ? definitionalFolded : definitionalLatin).test(question);
}

/**
 * How much a kind of chunk counts. Glossary entries are short, so BM25 favours them; they lead only when
 * the user asks what a word means. Tips rank a little below lessons, which explain more.
 */
function prior(track: string, definitionalQuestion: boolean): number {
  if (track === 'glossary') return definitionalQuestion ? 1.2 : 0.45;
  return track === 'tips' ? 0.8 : 1;
}

/** Ranked chunks, best first, however they are held. */
interface Ranking {
  count: number;
  chunk(i: number): Chunk;
  score(i: number): number;
}

/** How many lexical hits are ranked before the best few are kept (priors and reranking reorder them). */
const lexicalDepth = 40;

/** How many of the ranked chunks a question's passages and lessons come from. */
const rankedDepth = 30;

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
  // Per chunk, what re-weighting its score needs (worked out once, not per hit of every question).
  const priorOf = [false, true].map((definitionalQuestion) =>
    Float64Array.from(chunks, (chunk) => prior(chunk.track, definitionalQuestion)),
  );
  const exampleWeights = leanings.map((personal) =>
    Float64Array.from(chunks, (chunk) => exampleWeight(chunk.section, personal)),
  );

  // Where a question's lexical hits are ranked: positions in `chunks` and scores, best first. One pair
  // serves every question: each reads them only before its first await.
  let lexicalDocs = new Int32Array(lexicalDepth);
  let lexicalScores = new Float64Array(lexicalDepth);
  const lexicalRanking: Ranking = {
    count: 0,
    chunk: (i) => chunks[lexicalDocs[i]!]!,
    score: (i) => lexicalScores[i]!,
  };

  /**
   * Searches, re-weights the hits by priors and the learner's worked example, and sorts them into
   * `lexicalDocs` and `lexicalScores`; returns how many there are.
   */
  function rankLexical(
    question: string,
    language: Language,
    k: number,
    context: string | undefined,
    personal: Personalisation | undefined,
    analysed: AnalysedText,
  ): number {
    if (lexicalDocs.length < k) {
      lexicalDocs = new Int32Array(k);
      lexicalScores = new Float64Array(k);
    }
    const docs = lexicalDocs;
    const scores = lexicalScores;
    const count = retriever.searchInto(
      { text: question, lang: language, context, analysed },
      k,
      docs,
      scores,
    );
    const priors = priorOf[definitional(question) ? 1 : 0]!;
    const examples = exampleWeights[leaning(personal)]!;
    for (let i = 0; i < count; i++) scores[i] = scores[i]! * priors[docs[i]!]! * examples[docs[i]!]!;
    sortByScore(docs, scores, count);
    return count;
  }

  /** What a reranker is asked about: the question, after the earlier turn it follows up. */
  const searchText = (question: string, context: string | undefined) =>
    context ? `${context} ${question}` : question;

  async function rank(question: string, language: Language, k: number, context?: string) {
    const analysed = retriever.analyse(question);
    const count = rankLexical(question, language, Math.max(k, lexicalDepth), context, undefined, analysed);
    const lexical = retriever.hits(analysed, lexicalDocs, lexicalScores, count);
    const ranked = rerank ? await rerank(searchText(question, context), language, lexical) : lexical;
    return ranked.slice(0, k);
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
    if (!previous || Date.now() - previous.at > followUpWindowMs) return undefined;
    const ownWords = analysed.words.length;
    return ownWords <= 2 || followUpPatterns[language].test(question.trim()) ? previous.text : undefined;
  }

  function toPassages(ranked: Ranking): Passage[] {
    const passages: Passage[] = [];
    for (let i = 0; i < ranked.count; i++) {
      const chunk = ranked.chunk(i);
      // At most two passages of one lesson.
      let used = 0;
      for (let p = 0; p < passages.length; p++) if (passages[p]!.lessonId === chunk.lessonId) used++;
      if (used >= 2) continue;
      passages.push({
        n: passages.length + 1,
        lessonId: chunk.lessonId,
        title: chunk.title,
        track: chunk.track,
        section: chunk.section,
        text: chunk.text,
        score: ranked.score(i),
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
      // The question's words and synonyms, worked out once for the scope rules, the follow-up test, search
      // and coverage.
      const analysed = retriever.analyse(question);
      const decline = scope.check(question, language, analysed.normalized);
      const context = followUpContext(question, language, history, analysed);
      const count = rankLexical(question, language, lexicalDepth, context, personal, analysed);
      // The "covered?" decision uses the lexical scores it was calibrated on, whatever reorders them.
      const topScore = count > 0 ? lexicalScores[0]! : 0;
      const topCoverage = retriever.coverageAt(analysed, lexicalDocs, Math.min(count, 3));
      lexicalRanking.count = Math.min(count, rankedDepth);
      let ranked = lexicalRanking;
      if (rerank) {
        // Hit objects only for a reranker (and after it the ranking is its own: another question may
        // reuse the lexical arrays while it waits).
        const lexical = retriever.hits(analysed, lexicalDocs, lexicalScores, count);
        const reranked = await rerank(searchText(question, context), language, lexical);
        ranked = {
          count: Math.min(reranked.length, rankedDepth),
          chunk: (i) => reranked[i]!.chunk,
          score: (i) => reranked[i]!.score,
        };
      }
      const covered =
        !decline &&
        topScore >= thresholds.minScore &&
        (topCoverage >= thresholds.minCoverage ||
          (topScore >= thresholds.strongScore && topCoverage >= thresholds.strongMinCoverage) ||
          context !== undefined);
      return {
        query: context ? `${context} → ${question}` : question,
        passages: toPassages(ranked),
        lessonIds: lessonsOf(ranked),
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
      const { text, citations } = composeOfflineAnswer(
        grounded.query,
        grounded.passages,
        language,
        tokenizer,
        passageLines,
      );
      return { text, citations, abstained: false };
    },
    cite: (lessonId) => titles.get(lessonId),
  };
}

/** The lessons of the ranked chunks, each once, best first. */
function lessonsOf(ranked: Ranking): string[] {
  const lessons: string[] = [];
  for (let i = 0; i < ranked.count; i++) {
    const lessonId = ranked.chunk(i).lessonId;
    if (!lessons.includes(lessonId)) lessons.push(lessonId);
  }
  return lessons;
}

/**
 * Sorts the first `count` hits (documents and their scores) best first, keeping the order of equal
 * scores: what a stable sort by score does, without building objects to sort. Hits arrive nearly sorted
 * (priors only nudge the lexical order), which insertion sort handles in few steps.
 */
function sortByScore(docs: Int32Array, scores: Float64Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const doc = docs[i]!;
    const score = scores[i]!;
    let at = i;
    for (; at > 0 && scores[at - 1]! < score; at--) {
      docs[at] = docs[at - 1]!;
      scores[at] = scores[at - 1]!;
    }
    docs[at] = doc;
    scores[at] = score;
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
