/**
 * @module The coach's `Grounding` over the knowledge base: scope rules, reading the question (intent,
 * platforms, products, ask words; follow-ups re-asked), lexical (and, when configured, dense) retrieval
 * ranked for the intent, the "does this answer it?" decision, and offline answers.
 */
import type { Grounded, Grounding, Passage, Personalisation } from '../core/grounding.ts';
import type { Citation, Language } from '../core/turn.ts';
import type { HistoryEntry } from '../memory/history.ts';
import type { QuestionWords } from '../understanding/question-words.ts';
import { createQuestionReader, type QuestionReader, type Understood } from '../understanding/reader.ts';
import {
  type Chunk,
  type ChunkableGlossary,
  type ChunkableLesson,
  type ChunkableTips,
  chunkGlossary,
  chunkLesson,
  chunkTips,
} from './chunks.ts';
import { createLexicalRetriever, type LexicalRetriever, type ScoredChunk } from './lexical-retriever.ts';
import { composeNotCovered, composeOfflineAnswer, createLineReader } from './offline-answer.ts';
import type { ScopeRules } from './scope.ts';
import { sectionKind } from './sections.ts';
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

/**
 * When a question counts as covered: its best passage scores at least `minScore` and holds at least
 * `minCoverage` of the ask (the idf-weighted share of its ask words), or, for a long chatty question whose
 * everyday words the lessons never use ("俺两口子播…"), several of its informative words: at least
 * `strongMatch` of idf mass and `strongMinCoverage` of the share. Calibrated on the real-question dev set by
 * `cunbo eval --sweep`, where a confident wrong answer costs three needless abstentions.
 */
export interface CoverageThresholds {
  minScore: number;
  minCoverage: number;
  strongMatch: number;
  strongMinCoverage: number;
}

/** Defaults from the last calibration. */
export const defaultThresholds: CoverageThresholds = {
  minScore: 4,
  minCoverage: 0.5,
  strongMatch: 8,
  strongMinCoverage: 0.25,
};

/** Whether a question is covered, by its best passage's figures (see {@link CoverageThresholds}). */
export function isCovered(
  { topScore, topCoverage, topMatch }: Pick<Grounded, 'topScore' | 'topCoverage' | 'topMatch'>,
  thresholds: CoverageThresholds = defaultThresholds,
): boolean {
  if (topScore < thresholds.minScore) return false;
  if (topCoverage >= thresholds.minCoverage) return true;
  return topMatch >= thresholds.strongMatch && topCoverage >= thresholds.strongMinCoverage;
}

/** Re-ranks lexical hits (dense fusion, rerank); optional. */
export type HitReranker = (query: string, lang: Language, hits: ScoredChunk[]) => Promise<ScoredChunk[]>;

/** Options for {@link createKnowledgeGrounding}. */
export interface KnowledgeGroundingOptions {
  source: GroundingSource;
  /** `chunkSource(source)`, when the caller already made them (e.g. to embed them). */
  chunks?: readonly Chunk[];
  scope: ScopeRules;
  /** `knowledge/question-words.yaml`: intents, platforms, products. */
  questionWords: QuestionWords;
  thresholds?: CoverageThresholds;
  /** Passages given to the model. */
  passageCount?: number;
  rerank?: HitReranker;
  /** Reuse a tokenizer (its dictionary takes ~200 ms to load). */
  tokenizer?: Tokenizer;
}

/**
 * How soon after the previous question a follow-up ("那快手呢？") is read as re-asking it. Later, it is a
 * question of its own: "观众都走了说啥？" the next morning has nothing to do with last night's question.
 */
export const followUpWindowMs = 60 * 60_000;

/** The grounding plus what evaluation and the CLI need to see. */
export interface KnowledgeGrounding extends Grounding {
  retriever: LexicalRetriever;
  tokenizer: Tokenizer;
  reader: QuestionReader;
  /** Ranked chunks for a question (no scope rules), for `cunbo retrieve` and evaluation. */
  rank(question: string, language: Language, k: number): Promise<ScoredChunk[]>;
}

/** How many lexical hits are ranked before the best few are kept (priors and reranking reorder them). */
const lexicalDepth = 40;

/** How many of the ranked chunks a question's passages and lessons come from. */
const rankedDepth = 30;

/** How many of the best chunks may show that the question is covered. */
const coverageDepth = 3;

const hasNumber =
  /\d|[一二两三四五六七八九十百千万半]+\s*(小时|分钟|秒|天|周|个月|月|年|元|块|万|%|成|倍|条|次|场|个)/u;

/**
 * How much a chunk counts for a question, beyond its words: glossary entries lead only when the question
 * asks what something is (they are short, so BM25 favours them); steps for how-to, the compliance track for
 * "can I say", tips for a live-room situation; worked examples only for the product the learner sells; the
 * learner's platform ahead of the others.
 */
function prior(
  chunk: Chunk,
  chunkPlatforms: readonly string[],
  understood: Understood,
  personal: Personalisation | undefined,
): number {
  const { intent } = understood;
  let weight = 1;
  // A glossary entry leads a "what is …?" only when it defines a word the question asks about.
  if (chunk.track === 'glossary')
    weight *= intent === 'definition' && definesAskWord(chunk, understood) ? 1.2 : 0.45;
  if (chunk.track === 'tips') weight *= intent === 'situation' ? 1.1 : 0.8;
  // Whether a phrase may be said is a question about the rules: their lessons first.
  if (intent === 'can-i-say') weight *= teachesRules(chunk) ? 1.5 : 0.7;
  const kind = sectionKind(chunk.section);
  if (kind === 'steps' && intent === 'how-to') weight *= 1.15;
  if (kind === 'mistakes' && intent === 'why') weight *= 1.1;
  if (kind === 'deer-example' || kind === 'other-example') {
    const deer =
      understood.products.length > 0 ? understood.products.some((p) => p.deer) : personal?.deerExamples;
    if (deer === undefined) weight *= 0.8;
    else weight *= deer === (kind === 'deer-example') ? 1.05 : 0.6;
  }
  const platforms = understood.platforms.length > 0 ? understood.platforms : (personal?.platforms ?? []);
  if (platforms.some((p) => chunkPlatforms.includes(p))) weight *= 1.1;
  if (intent === 'how-much' && hasNumber.test(chunk.text)) weight *= 1.1;
  return weight;
}

/** Whether a chunk is part of a lesson on the rules: the compliance track, or the diversion rules. */
function teachesRules(chunk: Chunk): boolean {
  return chunk.track === 'compliance' || /diversion/.test(chunk.lessonId);
}

/** Whether a glossary chunk's term or one of its aliases is among the question's ask words. */
function definesAskWord(chunk: Chunk, understood: Understood): boolean {
  const names = chunk.keywords.map((keyword) => keyword.toLowerCase());
  return understood.askWords.some((word) => names.includes(word));
}

/** Builds the grounding: chunks, tokenizer (with the glossary as its dictionary), index. */
export function createKnowledgeGrounding({
  source,
  chunks = chunkSource(source),
  scope,
  questionWords,
  thresholds = defaultThresholds,
  passageCount = 5,
  rerank,
  tokenizer: givenTokenizer,
}: KnowledgeGroundingOptions): KnowledgeGrounding {
  const synonyms = createSynonymTable([
    ...source.glossaries.flatMap((glossary) =>
      glossary.entries.map((entry) => [entry.term, ...entry.aliases]),
    ),
    ...questionWords.synonyms,
  ]);
  const tokenizer =
    givenTokenizer ??
    createTokenizer([
      ...synonyms.words(),
      ...source.lessons.flatMap((lesson) => lesson.meta.tags),
      ...questionWords.products.flatMap((product) => product.names),
    ]);
  const retriever = createLexicalRetriever(chunks, tokenizer, synonyms);
  const reader = createQuestionReader(questionWords, tokenizer);
  const platformsOf = (text: string) => reader.read(text).platforms;
  const lines = createLineReader(tokenizer, platformsOf);
  const chunkPlatforms = new Map(chunks.map((chunk) => [chunk.id, platformsOf(chunk.text)]));
  const titles = new Map<string, Citation>();
  const lessonPassages = new Map<string, Passage[]>();
  for (const chunk of chunks) {
    titles.set(chunk.lessonId, { id: chunk.lessonId, title: chunk.title, track: chunk.track });
    if (chunk.track === 'glossary' || chunk.track === 'tips') continue;
    const passages = lessonPassages.get(chunk.lessonId) ?? [];
    passages.push({ ...chunk, n: 0, score: 0 });
    lessonPassages.set(chunk.lessonId, passages);
  }

  /** The question's hits, re-weighted for what it asks and who asks it, best first. */
  function rankFor(understood: Understood, language: Language, k: number, personal?: Personalisation) {
    const names = new Set(understood.askWords);
    const lightWords = tokenizer.words(understood.text).filter((word) => !names.has(word));
    const text = [understood.text, ...(understood.topicWords ?? [])].join(' ');
    return retriever
      .search({ text, lang: language, lightWords, expandFrom: understood.askText }, k)
      .map((hit) => ({
        chunk: hit.chunk,
        score: hit.score * prior(hit.chunk, chunkPlatforms.get(hit.chunk.id) ?? [], understood, personal),
      }))
      .sort((a, b) => b.score - a.score);
  }

  /**
   * How much of the ask the best passages hold: the best share (a number counts where a number was asked
   * for), and the most idf mass one of them matches.
   */
  function coverageOf(understood: Understood, ranked: readonly ScoredChunk[]) {
    let share = 0;
    let match = 0;
    for (const hit of ranked.slice(0, coverageDepth)) {
      if (hit.chunk.track === 'glossary' && understood.intent !== 'definition') continue;
      const fit = understood.intent === 'how-much' && !hasNumber.test(hit.chunk.text) ? 0.7 : 1;
      const held = retriever.match(understood.askWords, [hit.chunk]);
      share = Math.max(share, held.coverage * fit);
      match = Math.max(match, held.distinct * fit);
    }
    return { share, match };
  }

  function understand(question: string, history: readonly HistoryEntry[]) {
    const previous = history.findLast((entry) => entry.role === 'user');
    const recent = previous && Date.now() - previous.at <= followUpWindowMs;
    return recent ? reader.readAfter(question, previous.text) : reader.read(question);
  }

  function toPassages(ranked: readonly ScoredChunk[]): Passage[] {
    const passages: Passage[] = [];
    for (const { chunk, score } of ranked) {
      // At most two passages of one lesson.
      if (passages.filter((p) => p.lessonId === chunk.lessonId).length >= 2) continue;
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
    reader,
    async rank(question, language, k) {
      const understood = reader.read(question);
      const ranked = rankFor(understood, language, Math.max(k, lexicalDepth));
      const reranked = rerank ? await rerank(understood.text, language, ranked) : ranked;
      return reranked
        .slice(0, k)
        .map((hit) => ({ ...hit, coverage: retriever.coverage(understood.askWords, [hit.chunk]) }));
    },
    async find(question, language, history, personal) {
      const understood = understand(question, history);
      const decline = scope.check(question, language);
      const lexical = rankFor(understood, language, lexicalDepth, personal);
      // The "covered?" decision reads the lexical ranking it was calibrated on, whatever reorders it.
      const topScore = lexical[0]?.score ?? 0;
      const { share: topCoverage, match: topMatch } = coverageOf(understood, lexical);
      const ranked = (rerank ? await rerank(understood.text, language, lexical) : lexical).slice(
        0,
        rankedDepth,
      );
      const covered = !decline && isCovered({ topScore, topCoverage, topMatch }, thresholds);
      return {
        query: understood.followUpOf ? `${understood.followUpOf} → ${understood.text}` : question,
        understood,
        passages: toPassages(ranked),
        lessonIds: [...new Set(ranked.map((hit) => hit.chunk.lessonId))],
        covered,
        decline: decline && {
          key: decline.key,
          message: withLesson(decline.message, decline.lessonId, titles),
        },
        topScore,
        topCoverage,
        topMatch,
      } satisfies Grounded;
    },
    answerOffline(grounded, language, personal) {
      if (grounded.decline) return { text: grounded.decline.message, citations: [], abstained: true };
      if (!grounded.covered) return composeNotCovered(grounded.passages, language);
      const { text, citations } = composeOfflineAnswer({
        understood: grounded.understood,
        passages: grounded.passages,
        language,
        tokenizer,
        weight: retriever.weight,
        related: retriever.related,
        lessonPassages: (lessonId) => lessonPassages.get(lessonId) ?? [],
        lines,
        platforms:
          grounded.understood.platforms.length > 0 ? grounded.understood.platforms : personal?.platforms,
      });
      return { text, citations, abstained: false };
    },
    cite: (lessonId) => titles.get(lessonId),
  };
}

function withLesson(
  message: string,
  lessonId: string | undefined,
  titles: ReadonlyMap<string, Citation>,
): string {
  const lesson = lessonId ? titles.get(lessonId) : undefined;
  return lesson ? `${message}\n\n📖 ${lesson.title}` : message;
}
