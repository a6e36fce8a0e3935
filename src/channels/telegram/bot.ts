/**
 * @module The Telegram bot: grammY with Cunbo's features, built from explicit dependencies.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type BotConfig } from 'grammy';
import type { ComplianceChecker } from '../../compliance/checker.ts';
import type { SecondOpinion } from '../../compliance/second-opinion.ts';
import type { Coach } from '../../core/coach.ts';
import type { LessonLibrary } from '../../core/library.ts';
import type { Learning } from '../../learning/learning.ts';
import type { Transcriber } from '../../llm/transcriber.ts';
import type { Logger } from '../../logging/logger.ts';
import type { ConversationMemory } from '../../memory/conversation-memory.ts';
import type { DataRights } from '../../memory/data-rights.ts';
import type { ScriptService } from '../../scripts/script-service.ts';
import type { TipFinder } from '../../tips/tip-finder.ts';
import type { BotContext } from './context.ts';
import { askFeature } from './features/ask.ts';
import { checkFeature } from './features/check.ts';
import { fallbackFeature } from './features/fallback.ts';
import { feedbackFeature } from './features/feedback.ts';
import { helpFeature } from './features/help.ts';
import { learnFeature } from './features/learn.ts';
import { lessonFeature } from './features/lesson.ts';
import { myDataFeature } from './features/my-data.ts';
import { onboardingFeature } from './features/onboarding.ts';
import { progressFeature } from './features/progress.ts';
import { remindFeature } from './features/remind.ts';
import { scriptFeature } from './features/script.ts';
import { tipsFeature } from './features/tips.ts';
import { type TrainerDeps, trainerFeature } from './features/trainer.ts';
import { voiceFeature } from './features/voice.ts';

/** What the bot is built from. */
export interface BotDeps {
  token: string;
  apiRoot: string;
  coach: Coach;
  library: LessonLibrary;
  learning: Learning;
  rights: DataRights;
  tipFinder: TipFinder;
  scripts: ScriptService;
  compliance: ComplianceChecker;
  /** A model's second opinion for /check, when a model is configured. */
  secondOpinion?: SecondOpinion;
  /** Where 👍/👎 on answers are stored; absent: no feedback buttons are handled. */
  feedback?: Pick<ConversationMemory, 'saveFeedback'>;
  /** Trainer commands (/stats, /gaps); absent: none. */
  trainer?: TrainerDeps;
  /** Speech to text for voice questions; without it they get a "please type" reply. */
  transcribe?: Transcriber;
  logger: Logger;
  /** Aborted on shutdown, so in-flight model calls stop. */
  signal?: AbortSignal;
  /** Skips getMe at start-up (tests). */
  botInfo?: BotConfig<BotContext>['botInfo'];
}

/** Creates the bot. It does not start polling: see `runBot`. */
export function createBot({
  token,
  apiRoot,
  coach,
  library,
  learning,
  rights,
  tipFinder,
  scripts,
  compliance,
  secondOpinion,
  trainer,
  feedback,
  transcribe,
  logger,
  signal,
  botInfo,
}: BotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { botInfo, client: { apiRoot } });
  // Waits out 429 retry_after and retries network hiccups; capped so a reply is never hours late.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  // One chat's updates run in order; different chats run concurrently under the runner.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  if (trainer) bot.use(trainerFeature(trainer));
  bot.use(onboardingFeature(coach, learning, trainer?.cohorts));
  bot.use(helpFeature());
  bot.use(learnFeature(coach, learning));
  bot.use(progressFeature(learning));
  bot.use(remindFeature(learning));
  bot.use(myDataFeature(learning, rights));
  bot.use(lessonFeature(library));
  if (feedback) bot.use(feedbackFeature(feedback));
  bot.use(tipsFeature(tipFinder));
  bot.use(checkFeature(compliance, secondOpinion, logger));
  bot.use(scriptFeature(scripts));
  bot.use(askFeature(coach, { signal }));
  bot.use(voiceFeature(coach, transcribe, { token, apiRoot, logger, signal }));
  bot.use(fallbackFeature());
  bot.catch(({ error, ctx }) => {
    logger.error(
      { err: error instanceof Error ? error.message : String(error), updateId: ctx.update.update_id },
      'update failed',
    );
  });
  return bot;
}
