/**
 * @module The composition root: builds Cunbo's parts from config, once, and knows how to take them down.
 *
 * Nothing else constructs clients or reads config, so tests build the same app with their own settings.
 */
import type { ComplianceChecker } from './compliance/checker.ts';
import { complianceHooks } from './compliance/hooks.ts';
import { createSecondOpinion, type SecondOpinion } from './compliance/second-opinion.ts';
import type { Config } from './config/config.ts';
import { type Coach, createCoach } from './core/coach.ts';
import type { LessonLibrary } from './core/library.ts';
import { type Knowledge, loadKnowledge } from './knowledge-setup.ts';
import { createCourse } from './learning/course.ts';
import { createLearning, type Learning } from './learning/learning.ts';
import { createProfileExtractor } from './learning/profile-extractor.ts';
import { createLimits, type Limits } from './limits/limits.ts';
import { createChatModel } from './llm/chat-model.ts';
import type { Logger } from './logging/logger.ts';
import { type ConversationMemory, createConversationMemory } from './memory/conversation-memory.ts';
import { createDataRights, type DataRights } from './memory/data-rights.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { loadPrompts } from './prompts/prompt-library.ts';
import { connectRedis, type RedisHandle } from './redis/connect.ts';
import { type RedisKeys, redisKeys } from './redis/keys.ts';
import { createModelScriptWriter } from './scripts/model-script.ts';
import { createScriptService, type ScriptService } from './scripts/script-service.ts';
import { createTipFinder, type TipFinder } from './tips/tip-finder.ts';
import { type ApprovedAnswers, createApprovedAnswers } from './trainer/approved-answers.ts';
import { type Cohorts, createCohorts } from './trainer/cohorts.ts';
import { createGapStatuses, type GapStatuses } from './trainer/gap-status.ts';
import { createLearnerDirectory, type LearnerDirectory } from './trainer/learners.ts';
import { glossarySynonyms } from './trainer/question-match.ts';
import { createRoles, type Roles } from './trainer/roles.ts';
import { createSignIn, type SignIn } from './trainer/sign-in.ts';
import { createTurnQuery, type TurnQuery } from './trainer/turn-query.ts';

/** A built app. */
export interface App {
  config: Config;
  logger: Logger;
  redis: RedisHandle;
  keys: RedisKeys;
  memory: ConversationMemory;
  knowledge: Knowledge;
  library: LessonLibrary;
  learning: Learning;
  rights: DataRights;
  tips: TipFinder;
  scripts: ScriptService;
  compliance: ComplianceChecker;
  secondOpinion: SecondOpinion | undefined;
  cohorts: Cohorts;
  roles: Roles;
  /** Learners by trainer scope, with their progress rows (Telegram /learners and the dashboard). */
  learners: LearnerDirectory;
  /** The question log, filtered and joined with feedback (dashboard, /learner). */
  turnQuery: TurnQuery;
  /** Rate limits, daily budgets and token usage (admins change limits at run time). */
  limits: Limits;
  /** Dashboard sign-in links and sessions. */
  signIn: SignIn;
  /** Trainer-approved answers, served ahead of the model (docs/knowledge-loop.md). */
  approvedAnswers: ApprovedAnswers;
  /** What trainers did about each gap group. */
  gapStatuses: GapStatuses;
  coach: Coach;
  /** Prometheus metrics of this app (its own registry), served at /metrics. */
  metrics: Metrics;
  /** Aborted by `close`, so in-flight model calls end. */
  signal: AbortSignal;
  /** Stops everything this app started (idempotent). */
  close(): Promise<void>;
}

/** Builds the app: prompts, Redis (private server if no REDIS_URL), knowledge, memory, model, coach. */
export async function buildApp(config: Config, logger: Logger): Promise<App> {
  const prompts = await loadPrompts(config.promptsDir);
  const redis = await connectRedis(config.redis.url, config.dataDir, logger);
  logger.info({ redis: redis.description }, 'redis connected');
  const keys = redisKeys(config.redis.prefix);
  const memory = createConversationMemory({
    redis: redis.client,
    keys,
    historyTurns: config.history.turns,
    historyTtlSeconds: config.history.ttlSeconds,
    turnLogMax: config.turnLogMax,
  });
  let knowledge: Knowledge;
  try {
    knowledge = await loadKnowledge({ config, logger, redis: redis.client });
  } catch (error) {
    await redis.close();
    throw error;
  }
  const metrics = createMetrics();
  const model = config.chat
    ? createChatModel({ ...config.chat, onError: (kind) => metrics.recordModelError(kind) })
    : undefined;
  logger.info({ model: model?.name ?? 'offline' }, 'answering mode');
  const shutdown = new AbortController();
  const learning = createLearning({
    redis: redis.client,
    keys,
    course: createCourse(knowledge.kb.lessons),
    extractProfile: config.chat ? createProfileExtractor(config.chat, prompts) : undefined,
  });
  const { compliance } = knowledge;
  const roles = createRoles({
    redis: redis.client,
    keys,
    trainerIds: config.trainerIds,
    adminIds: config.adminIds,
  });
  const limits = createLimits({
    redis: redis.client,
    keys,
    defaults: config.limits,
    prices: config.limits.prices,
    staffMultiplier: config.limits.staffMultiplier,
    // Limits are keyed by the coach's user id (`tg:123`); roles by the Telegram id.
    isStaff: async (userId) => /^tg:\d+$/.test(userId) && roles.isTrainer(Number(userId.slice(3))),
    modelConfigured: model !== undefined,
  });
  const approvedAnswers = createApprovedAnswers({
    redis: redis.client,
    keys,
    tokenizer: knowledge.grounding.tokenizer,
    synonyms: glossarySynonyms(knowledge.kb),
  });
  const coach = createCoach({
    budget: limits,
    onTurn: metrics.recordTurn,
    memory,
    prompts,
    logger,
    model,
    grounding: knowledge.grounding,
    learning,
    approvedAnswer: async (question) => {
      const found = await approvedAnswers.match(question);
      if (!found) return undefined;
      const lesson = found.lesson ? knowledge.library.lesson(found.lesson) : undefined;
      return { ...found, lesson: lesson && { id: lesson.id, title: lesson.title, track: lesson.track } };
    },
    ...complianceHooks(compliance, logger),
  });
  const cohorts = createCohorts({ redis: redis.client, keys });
  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    redis,
    keys,
    memory,
    knowledge,
    library: knowledge.library,
    learning,
    rights: createDataRights(redis.client, keys),
    tips: createTipFinder(knowledge.kb.tips),
    scripts: createScriptService({
      redis: redis.client,
      keys,
      logger,
      writer: config.chat ? createModelScriptWriter(config.chat, prompts, knowledge.grounding) : undefined,
      check: (lines) => lines.filter((line) => compliance.check(line).violations.length > 0),
    }),
    compliance,
    secondOpinion: config.chat ? createSecondOpinion(config.chat, prompts) : undefined,
    cohorts,
    roles,
    learners: createLearnerDirectory({ redis: redis.client, keys, memory, learning, cohorts, roles }),
    turnQuery: createTurnQuery({
      redis: redis.client,
      keys,
      memory,
      trackOf: (lessonId) => knowledge.grounding.cite(lessonId)?.track,
      members: (code) => cohorts.members(code),
    }),
    limits,
    signIn: createSignIn({ redis: redis.client, keys, linkTtlSeconds: config.dashboardLinkTtlSeconds }),
    approvedAnswers,
    gapStatuses: createGapStatuses({ redis: redis.client, keys }),
    coach,
    metrics,
    signal: shutdown.signal,
    close: () => {
      closing ??= (async () => {
        shutdown.abort();
        await redis.close();
      })();
      return closing;
    },
  };
}
