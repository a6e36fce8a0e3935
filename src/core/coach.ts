/**
 * @module The coach: takes a channel-neutral turn, answers it (model or offline), remembers it.
 *
 * Channels call `handle` and render the stream; nothing here knows about Telegram or terminals.
 */
import type { Learning } from '../learning/learning.ts';
import { emptyProfile } from '../learning/profile.ts';
import type { ChatModel } from '../llm/chat-model.ts';
import type { Logger } from '../logging/logger.ts';
import type { ConversationMemory, UserContext } from '../memory/conversation-memory.ts';
import type { UserRecord } from '../memory/users.ts';
import type { PromptLibrary } from '../prompts/prompt-library.ts';
import { type Answer, type AnswererDeps, createAnswerer } from './answer.ts';
import type { Grounding } from './grounding.ts';
import { detectLanguage } from './language.ts';
import { phrases } from './phrases.ts';
import { TextStream } from './text-stream.ts';
import type { Language, Reply, ReplyStream, Turn } from './turn.ts';

/** Longest question the coach reads; the rest is cut (and the user told). */
export const maxQuestionLength = 4_000;

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
  now?: () => number;
}

/** The coach's public face. */
export interface Coach {
  /** Answers one turn. The returned stream yields text as it is written; `final` has the finished reply. */
  handle(turn: Turn, options?: { signal?: AbortSignal }): ReplyStream;
  /** Records that a user showed up (e.g. /start) and returns their record. */
  greet(turn: Omit<Turn, 'text'>): Promise<UserRecord>;
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
  now = Date.now,
}: CoachDeps): Coach {
  const answerer = createAnswerer({ prompts, model, grounding, makeCompliant });
  async function loadContext(userId: string): Promise<UserContext> {
    try {
      return await memory.load(userId);
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

    handle(turn, { signal } = {}) {
      const stream = new TextStream();
      const startedAt = now();
      const question = turn.text.slice(0, maxQuestionLength);
      const language = detectLanguage(question, turn.languageHint);

      const final = (async (): Promise<Reply> => {
        const context = await loadContext(turn.userId);
        // Profile facts are read while the answer is written, so they add no wait for the user.
        const learned = learning
          ?.learnFromMessage(turn.userId, question, context.profile)
          .catch((caught: unknown) => {
            logger.warn({ err: errorMessage(caught), userId: turn.userId }, 'could not update profile');
          });
        let outcome: Answer;
        let error: string | undefined;
        try {
          outcome = await answerer.answer(
            question,
            language,
            context.history,
            (delta) => stream.push(delta),
            signal,
            context.profile,
          );
        } catch (caught) {
          error = errorMessage(caught);
          logger.error({ err: error, userId: turn.userId, channel: turn.channel }, 'answering failed');
          const text = phrases(language).apology;
          outcome = { reply: { text, language, citations: [], mode: 'apology', abstained: false } };
        }
        const { reply, usage, grounded } = outcome;
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
              citations: reply.citations.map((c) => c.id),
              abstained: reply.abstained,
              error,
            },
            gap,
          });
        } catch (caught) {
          logger.error({ err: errorMessage(caught), userId: turn.userId }, 'could not record turn');
        }
        await learned;
        return { ...reply, turnId };
      })().finally(() => stream.end());

      return { [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](), final };
    },
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
