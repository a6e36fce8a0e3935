/**
 * @module Loading the knowledge base and building what the coach and the CLI need from it: the grounding
 * (scope rules, retrieval, offline answers) and the lesson library.
 */
import { join } from 'node:path';
import type { ComplianceChecker } from './compliance/checker.ts';
import { loadComplianceChecker } from './compliance/load.ts';
import type { Config } from './config/config.ts';
import type { LessonLibrary } from './core/library.ts';
import { inspectKnowledgeBase, type KnowledgeBase, KnowledgeBaseError } from './knowledge/load.ts';
import { formatProblem } from './knowledge/problem.ts';
import type { Logger } from './logging/logger.ts';
import type { Redis } from './redis/connect.ts';
import { setUpDenseRetrieval } from './retrieval/dense-setup.ts';
import {
  chunkSource,
  createKnowledgeGrounding,
  type GroundingSource,
  type KnowledgeGrounding,
} from './retrieval/knowledge-grounding.ts';
import { loadScopeRules } from './retrieval/scope.ts';
import { loadQuestionWords } from './understanding/question-words.ts';

/** The knowledge base, ready to answer from. */
export interface Knowledge {
  kb: KnowledgeBase;
  grounding: KnowledgeGrounding;
  library: LessonLibrary;
  /** The advertising and platform rules (`knowledge/compliance/`). */
  compliance: ComplianceChecker;
  /** Whether dense retrieval is on. */
  hybrid: boolean;
}

const titles = {
  glossary: { zh: '术语表', en: 'Glossary' },
  tips: { zh: '主播锦囊', en: 'Quick tips for hosts' },
};

/** The parts of the knowledge base retrieval indexes. */
export function groundingSourceOf(kb: KnowledgeBase): GroundingSource {
  const languages = ['zh', 'en'] as const;
  return {
    lessons: kb.lessons,
    glossaries: languages.flatMap((lang) => {
      const glossary = kb.glossaries[lang];
      return glossary
        ? [{ id: `glossary-${lang}`, title: titles.glossary[lang], lang, entries: glossary.entries }]
        : [];
    }),
    tips: languages.flatMap((lang) => {
      const tips = kb.tips[lang];
      return tips
        ? [{ id: `tips-${lang}`, title: titles.tips[lang], lang, situations: tips.situations }]
        : [];
    }),
  };
}

/** Whole lessons by id. */
export function lessonLibraryOf(kb: KnowledgeBase): LessonLibrary {
  return {
    lesson(id) {
      const lesson = kb.lessonsById.get(id);
      if (!lesson) return undefined;
      return {
        id,
        title: lesson.title,
        track: lesson.meta.track,
        lang: lesson.meta.lang,
        markdown: lesson.body,
      };
    },
  };
}

/**
 * The knowledge base as the bot serves it. `cunbo kb check` (and CI) reject any problem; a running bot
 * logs them and serves what parsed, so a trainer's half-finished edit never takes the coach down. Only a
 * knowledge base with no lessons at all stops start-up.
 */
async function loadForServing(dir: string, logger: Logger): Promise<KnowledgeBase> {
  const { kb, problems } = await inspectKnowledgeBase(dir);
  if (kb.lessons.length === 0) throw new KnowledgeBaseError(dir, problems);
  for (const problem of problems.slice(0, 20))
    logger.warn({ problem: formatProblem(problem, dir) }, 'knowledge base problem');
  if (problems.length > 0)
    logger.warn({ problems: problems.length }, 'knowledge base has problems: run npx cunbo kb check');
  return kb;
}

/** Options for {@link loadKnowledge}. */
export interface LoadKnowledgeOptions {
  config: Config;
  logger: Logger;
  /** Caches embeddings; without it (and with an embedding model) they are computed afresh. */
  redis?: Redis;
  /** Force lexical retrieval even when an embedding model is configured. */
  lexicalOnly?: boolean;
}

/**
 * Loads and validates the knowledge base (a broken one fails start-up, naming file and line), then builds
 * retrieval over it.
 */
export async function loadKnowledge({
  config,
  logger,
  redis,
  lexicalOnly,
}: LoadKnowledgeOptions): Promise<Knowledge> {
  const started = performance.now();
  const kb = await loadForServing(config.knowledgeDir, logger);
  const [scope, questionWords, compliance] = await Promise.all([
    loadScopeRules(config.knowledgeDir),
    loadQuestionWords(config.knowledgeDir),
    loadComplianceChecker(join(config.knowledgeDir, 'compliance')),
  ]);
  const source = groundingSourceOf(kb);
  const chunks = chunkSource(source);
  const rerank = lexicalOnly
    ? undefined
    : await setUpDenseRetrieval({
        chunks,
        embeddings: config.embeddings,
        rerank: config.rerank,
        redis,
        keyPrefix: `${config.redis.prefix}v1:`,
        logger,
      });
  const grounding = createKnowledgeGrounding({ source, chunks, scope, questionWords, rerank });
  logger.info(
    {
      lessons: kb.lessons.length,
      chunks: chunks.length,
      hybrid: Boolean(rerank),
      ms: Math.round(performance.now() - started),
    },
    'knowledge base loaded',
  );
  return { kb, grounding, library: lessonLibraryOf(kb), compliance, hybrid: Boolean(rerank) };
}
