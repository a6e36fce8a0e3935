/**
 * @module The coach: takes a channel-neutral turn, answers it (model or offline), remembers it.
 *
 * Channels call `handle` and render the stream; nothing here knows about Telegram or terminals.
 */
import type { Learning } from '../learning/learning.ts';
import { emptyProfile } from '../learning/profile.ts';
import type { ChatModel, TokenUsage } from '../llm/chat-model.ts';
import type { Logger } from '../logging/logger.ts';
import type { ConversationMemory, UserContext } from '../memory/conversation-memory.ts';
import type { UserRecord } from '../memory/users.ts';
import type { PromptLibrary } from '../prompts/prompt-library.ts';
import { type Answer, type AnswererDeps, createAnswerer } from './answer.ts';
import { type ApprovedAnswerLookup, approvedReply } from './approved.ts';
import type { Grounding } from './grounding.ts';
import { detectLanguage } from './language.ts';
import { phrases } from './phrases.ts';
import { TextStream } from './text-stream.ts';
import type { Language, Reply, ReplyStream, Turn } from './turn.ts';

/**
 * Longest question the coach reads. A longer message is not answered (nor sent to the model, nor logged):
 * the user is asked for a shorter question. Telegram's own limit is 4,096 characters; real questions are
 * a few dozen.
 */
export const maxQuestionLength = 2_000;

/** What the coach reports about each finished turn (for metrics; see `src/observability/metrics.ts`). */
export interface TurnObservation {
  channel: string;
  /** The reply's mode, or `too-long` for a message over {@link maxQuestionLength}. */
  mode: string;
  abstained: boolean;
  latencyMs: number;
  /** Time to the first text written, when any was. */
  firstTextMs?: number;
  usage?: TokenUsage;
}

/** What the coach is built from. */
export interface CoachDeps {
  memory: ConversationMemory;
  prompts: PromptLibrary;
  logger: Logger;
  /** The chat model; without one the coach answers offline from the knowledge base. */
  model?: ChatModel;
  /** The knowledge base; without it the coach can only say it needs one. */
  grounding?: Grounding;
  /** Rewrites violations out of generated answers (see `AnswererDeps.makeCompliant`). */
  makeCompliant?: AnswererDeps['makeCompliant'];
  /** Notes profile facts users mention in passing ("我在快手卖鹿血片"). */
  learning?: Pick<Learning, 'learnFromMessage'>;
  /**
   * Daily token budgets (see `src/limits`): a user whose tokens for today are spent is answered from the
   * knowledge base alone; each model answer's tokens are charged to the user.
   */
  budget?: TokenBudget;
  /** Told of every finished turn (metrics); must not throw. */
  onTurn?: (observation: TurnObservation) => void;
  /**
   * Trainer-approved answers: a question that matches one is answered with it, ahead of scope rules,
   * retrieval and the model, and is not logged as a gap (docs/knowledge-loop.md).
   */
  approvedAnswer?: ApprovedAnswerLookup;
  /** The compliance rules' verdict that leads a "can I say …?" answer (see `AnswererDeps.mayISay`). */
  mayISay?: AnswererDeps['mayISay'];
  now?: () => number;
}

/** What the coach needs of a token budget. */
export interface TokenBudget {
  modelAllowed(userId: string): Promise<boolean>;
  charge(userId: string, usage: TokenUsage): Promise<void>;
}

/** The coach's public face. */
/** Options of {@link Coach.handle}. */
export interface HandleOptions {
  signal?: AbortSignal;
  /**
   * Whether today's token budget still allows the model, when the channel already knows (its limits
   * admitted the question); otherwise the coach asks the budget itself.
   */
  modelAllowed?: boolean;
  /**
   * The learner's record, history and profile, when the channel already read them for this message with
   * {@link Coach.context} (Telegram's onboarding check does): not read again.
   */
  context?: UserContext;
}

export interface Coach {
  /** Answers one turn. The returned stream yields text as it is written; `final` has the finished reply. */
  handle(turn: Turn, options?: HandleOptions): ReplyStream;
  /** Records that a user showed up (e.g. /start) and returns their record. */
  greet(turn: Omit<Turn, 'text'>): Promise<UserRecord>;
  /**
   * What `handle` reads about a learner before answering, in one round trip; empty when Redis fails (the
   * answer comes anyway). A channel that needs the profile first passes the result on to `handle`.
   */
  context(userId: string): Promise<UserContext>;
}

/** Creates a coach from its dependencies. */
export function createCoach({
  memory,
  prompts,
  logger,
  model,
  grounding,
  learning,
  makeCompliant,
  budget,
  onTurn,
  approvedAnswer,
  mayISay,
  now = Date.now,
}: CoachDeps): Coach {
  const answerer = createAnswerer({ prompts, model, grounding, makeCompliant, mayISay });
  // For users whose token budget is spent: the same answers, without the model.
  const offlineAnswerer = createAnswerer({ prompts, grounding, makeCompliant, mayISay });
  async function modelAllowed(userId: string): Promise<boolean> {
    if (!model || !budget) return true;
    // A Redis blip must not cost the user the model: the budget is a cost guard, not a security boundary.
    return budget.modelAllowed(userId).catch(() => true);
  }
  async function findApproved(question: string, language: Language) {
    if (!approvedAnswer) return undefined;
    // A Redis blip must not cost the user an answer: the knowledge base and the model still answer.
    return approvedAnswer(question, language).catch((error: unknown) => {
      logger.warn({ err: errorMessage(error) }, 'could not look up approved answers');
      return undefined;
    });
  }
  async function loadContext(userId: string): Promise<UserContext> {
    try {
      // Without a model only the previous question is read (follow-ups); the model gets the whole history.
      return await memory.load(userId, { lastQuestionOnly: !model });
    } catch (error) {
      // A Redis blip must not cost the user an answer: answer without history, save if Redis is back.
      logger.warn({ err: errorMessage(error), userId }, 'could not load conversation; answering without it');
      return { user: undefined, history: [], profile: emptyProfile() };
    }
  }

  function touchUser(turn: Omit<Turn, 'text'>, language: Language, user: UserRecord | undefined): UserRecord {
    const at = now();
    return {
      id: turn.userId,
      channel: turn.channel,
      displayName: turn.displayName ?? user?.displayName,
      language,
      firstSeen: user?.firstSeen ?? at,
      lastSeen: at,
      turns: (user?.turns ?? 0) + 1,
    };
  }

  /** A message over the limit gets a fixed "please ask more briefly"; its text goes nowhere. */
  function tooLong(turn: Turn, stream: TextStream, startedAt: number): ReplyStream {
    const language = detectLanguage(turn.text.slice(0, 200), turn.languageHint);
    const text = phrases(language).tooLong(maxQuestionLength);
    stream.push(text);
    stream.end();
    logger.info({ userId: turn.userId, length: turn.text.length }, 'question too long; not answered');
    onTurn?.({ channel: turn.channel, mode: 'too-long', abstained: false, latencyMs: now() - startedAt });
    const reply: Reply = { text, language, citations: [], mode: 'declined', abstained: false };
    return { [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](), final: Promise.resolve(reply) };
  }

  return {
    async greet(turn) {
      const language = detectLanguage('', turn.languageHint);
      const { user } = await loadContext(turn.userId);
      const record = { ...touchUser(turn, user?.language ?? language, user), turns: user?.turns ?? 0 };
      await memory.saveUser(record).catch((error: unknown) => {
        logger.warn({ err: errorMessage(error), userId: turn.userId }, 'could not save user on greeting');
      });
      return record;
    },

    context: loadContext,

    handle(turn, { signal, modelAllowed: admitted, context: loaded } = {}) {
      const stream = new TextStream();
      const startedAt = now();
      if (turn.text.length > maxQuestionLength) return tooLong(turn, stream, startedAt);
      const question = turn.text;
      const language = detectLanguage(question, turn.languageHint);
      let firstTextMs: number | undefined;

      const final = (async (): Promise<Reply> => {
        const [context, useModel, approved] = await Promise.all([
          loaded ?? loadContext(turn.userId),
          admitted ?? modelAllowed(turn.userId),
          findApproved(question, language),
        ]);
        // Profile facts are read while the answer is written, so they add no wait for the user.
        const learned = learning
          ?.learnFromMessage(turn.userId, question, context.profile)
          .catch((caught: unknown) => {
            logger.warn({ err: errorMessage(caught), userId: turn.userId }, 'could not update profile');
          });
        let outcome: Answer;
        let error: string | undefined;
        let logCitations: string[] | undefined;
        try {
          if (approved) {
            const served = approvedReply(approved, language);
            logCitations = served.logCitations;
            stream.push(served.reply.text);
            outcome = { reply: served.reply };
          } else
            outcome = await (useModel ? answerer : offlineAnswerer).answer(
              question,
              language,
              context.history,
              (delta) => {
                firstTextMs ??= now() - startedAt;
                stream.push(delta);
              },
              signal,
              context.profile,
            );
        } catch (caught) {
          error = errorMessage(caught);
          logger.error({ err: error, userId: turn.userId, channel: turn.channel }, 'answering failed');
          const text = phrases(language).apology;
          outcome = { reply: { text, language, citations: [], mode: 'apology', abstained: false } };
        }
        const { usage, grounded } = outcome;
        const { reply } = outcome;
        if (outcome.modelError !== undefined) {
          error = errorMessage(outcome.modelError);
          logger.warn({ err: error, userId: turn.userId }, 'model failed; answered from the knowledge base');
        }
        // The text is complete: readers need not wait for the bookkeeping below (`final` still does).
        stream.end();
        const charged =
          usage && budget
            ? budget.charge(turn.userId, usage).catch((caught: unknown) => {
                logger.warn({ err: errorMessage(caught), userId: turn.userId }, 'could not charge tokens');
              })
            : undefined;
        const at = now();
        const gap =
          reply.abstained && grounded && !grounded.decline
            ? {
                userId: turn.userId,
                at: startedAt,
                language,
                question,
                query: grounded.query,
                topScore: grounded.topScore,
                topCoverage: grounded.topCoverage,
                nearest: [...new Set(grounded.passages.map((p) => p.lessonId))].slice(0, 3),
              }
            : undefined;
        let turnId: string | undefined;
        try {
          turnId = await memory.record({
            user: touchUser(turn, language, context.user),
            question: { role: 'user', text: question, at: startedAt },
            answer: { role: 'assistant', text: reply.text, at },
            log: {
              userId: turn.userId,
              channel: turn.channel,
              at: startedAt,
              language,
              question,
              answer: reply.text,
              mode: reply.mode === 'model' ? `model:${model?.name}` : reply.mode,
              latencyMs: at - startedAt,
              promptTokens: usage?.promptTokens,
              completionTokens: usage?.completionTokens,
              citations: logCitations ?? reply.citations.map((c) => c.id),
              abstained: reply.abstained,
              error,
            },
            gap,
          });
        } catch (caught) {
          logger.error({ err: errorMessage(caught), userId: turn.userId }, 'could not record turn');
        }
        await Promise.all([learned, charged]);
        onTurn?.({
          channel: turn.channel,
          mode: reply.mode,
          abstained: reply.abstained,
          latencyMs: at - startedAt,
          firstTextMs,
          usage,
        });
        return { ...reply, turnId };
      })().finally(() => stream.end());

      return { [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](), final };
    },
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
