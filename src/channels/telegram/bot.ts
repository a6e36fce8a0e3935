/**
 * @module The Telegram bot: grammY with Cunbo's features, built from explicit dependencies.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type BotConfig, Composer } from 'grammy';
import type { ComplianceChecker } from '../../compliance/checker.ts';
import type { SecondOpinion } from '../../compliance/second-opinion.ts';
import type { Coach } from '../../core/coach.ts';
import { languageFromHint } from '../../core/language.ts';
import type { LessonLibrary } from '../../core/library.ts';
import { phrases } from '../../core/phrases.ts';
import type { Learning } from '../../learning/learning.ts';
import type { Transcriber } from '../../llm/transcriber.ts';
import type { Logger } from '../../logging/logger.ts';
import type { ConversationMemory } from '../../memory/conversation-memory.ts';
import type { DataRights } from '../../memory/data-rights.ts';
import type { ScriptService } from '../../scripts/script-service.ts';
import type { TipFinder } from '../../tips/tip-finder.ts';
import type { BotApiFetch } from './bot-api-fetch.ts';
import { commandsAndButtons, commandsButtonsAndReplies } from './commands-and-buttons.ts';
import type { BotContext } from './context.ts';
import { askFeature } from './features/ask.ts';
import { checkFeature } from './features/check.ts';
import { type DashboardLinkDeps, dashboardFeature } from './features/dashboard.ts';
import { fallbackFeature } from './features/fallback.ts';
import { feedbackFeature } from './features/feedback.ts';
import { helpFeature } from './features/help.ts';
import { type KnowledgeLoopDeps, knowledgeLoopFeature } from './features/knowledge-loop.ts';
import { learnFeature } from './features/learn.ts';
import { lessonFeature } from './features/lesson.ts';
import { limitsFeature } from './features/limits.ts';
import { type LimitsAdminDeps, limitsAdminFeature } from './features/limits-admin.ts';
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
  /** Trainer commands answering gaps and 👎 (/answer, /handled, /approved …); absent: none. */
  knowledgeLoop?: KnowledgeLoopDeps;
  /** /dashboard sign-in links for trainers (needs `trainer`); absent: no /dashboard. */
  dashboard?: DashboardLinkDeps;
  /** Rate limits and daily budgets, and the admin commands /limits and /usage; absent: no limits. */
  limits?: LimitsAdminDeps;
  /** Speech to text for voice questions; without it they get a "please type" reply. */
  transcribe?: Transcriber;
  logger: Logger;
  /** Aborted on shutdown, so in-flight model calls stop. */
  signal?: AbortSignal;
  /** Told of every failed Bot API call (each attempt, before retries), e.g. to count it. */
  onApiError?: (errorCode: number) => void;
  /** Skips getMe at start-up (tests). */
  botInfo?: BotConfig<BotContext>['botInfo'];
  /** The Bot API transport (`createBotApiFetch`); the caller closes it at shutdown. */
  fetch: BotApiFetch;
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
  knowledgeLoop,
  dashboard,
  feedback,
  limits,
  transcribe,
  logger,
  signal,
  onApiError,
  botInfo,
  fetch,
}: BotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    botInfo,
    // grammY's fetch type is the DOM's; the transport implements the part grammY calls.
    client: { apiRoot, fetch: fetch as unknown as typeof globalThis.fetch },
  });
  // Installed before autoRetry, so it sees every attempt, not only the last.
  if (onApiError)
    bot.api.config.use(async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      if (!result.ok) onApiError(result.error_code);
      return result;
    });
  // Waits out 429 retry_after and retries network hiccups; capped so a reply is never hours late.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  // A message with no sender (malformed, or a type Telegram adds one day) belongs to no learner: ignored.
  bot.use((ctx, next) => (ctx.message && !ctx.from ? undefined : next()));
  // Before every feature: a throttled or over-budget question never reaches one (docs/limits.md). Before
  // the per-chat queue too, so a flood is turned away as it arrives instead of holding the runner's slots
  // while each message waits for the one before it.
  if (limits) bot.use(limitsFeature({ limits: limits.limits, logger }));
  // One chat's updates run in order; different chats run concurrently under the runner.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  // Admin and trainer commands that take no plain text, behind one check.
  const staffCommands = new Composer<BotContext>();
  if (limits) staffCommands.use(limitsAdminFeature(limits));
  if (trainer && dashboard) staffCommands.use(dashboardFeature(dashboard));
  bot.use(commandsAndButtons(staffCommands));
  if (trainer) bot.use(trainerFeature(trainer));
  if (knowledgeLoop) bot.use(commandsButtonsAndReplies(knowledgeLoopFeature(knowledgeLoop)));
  bot.use(onboardingFeature(coach, learning, trainer?.cohorts));
  // Features that answer only commands, buttons and replies to their own prompts, behind one check: a plain
  // question passes them all in one step rather than a middleware layer per feature.
  const learnerCommands = new Composer<BotContext>(
    helpFeature(),
    learnFeature(coach, learning),
    progressFeature(learning),
    remindFeature(learning),
    myDataFeature(learning, rights),
    lessonFeature(library),
  );
  if (feedback) learnerCommands.use(feedbackFeature(feedback));
  learnerCommands.use(
    tipsFeature(tipFinder),
    checkFeature(compliance, secondOpinion, logger),
    scriptFeature(scripts),
  );
  bot.use(commandsButtonsAndReplies(learnerCommands));
  // Drafts show a model's text as it streams, before the coach's final rewrite: they are rewritten too.
  // A draft shows the clauses written so far, rewritten for compliance: a clause still being written
  // ("吃了能…") waits until it is complete, so a claim is never shown half-removed.
  const draftOf = (written: string) => {
    const end = completeClausesEnd(written);
    const done = end > 0 ? compliance.rewrite(written.slice(0, end)).text : '';
    return end < written.trimEnd().length ? `${done}…` : done;
  };
  bot.use(askFeature(coach, { signal, draftOf }));
  bot.use(voiceFeature(coach, transcribe, { token, apiRoot, logger, signal, draftOf }));
  bot.use(fallbackFeature());
  bot.catch(async ({ error, ctx }) => {
    logger.error(
      { err: error instanceof Error ? error.message : String(error), updateId: ctx.update.update_id },
      'update failed',
    );
    // Never silence: a user whose message failed (Redis restarting, a bug) is asked to try again.
    if (ctx.chat && (ctx.message || ctx.callbackQuery)) {
      const say = phrases(languageFromHint(ctx.from?.language_code));
      await ctx.api.sendMessage(ctx.chat.id, say.apology).catch(() => {});
    }
  });
  return bot;
}

/** Where the last complete clause of `text` ends (after its punctuation or line break), or 0. */
function completeClausesEnd(text: string): number {
  let end = 0;
  for (const match of text.matchAll(/[，。！？；、,.!?;:：\n]/gu)) end = match.index + match[0].length;
  return end;
}
