/**
 * @module Answers a trainer wrote or approved: stored in Redis, served for the same and similar questions
 * ahead of the knowledge base and the model, and exported as knowledge-base files.
 *
 * Each process keeps an index of the approved questions' terms. A version counter in Redis moves on every
 * change, and `match` reads it (one GET) before matching, so an approval made through one bot process is
 * served by every other at once.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';
import {
  createQuestionMatcher,
  normaliseQuestion,
  type QuestionTerms,
  type QuestionTokenizer,
  sameQuestionThreshold,
} from './question-match.ts';

/** An approved answer as stored. */
export const approvedAnswerSchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.string(),
  language: z.enum(['zh', 'en']),
  trainerId: z.number(),
  trainerName: z.string(),
  approvedAt: z.number(),
  source: z.object({ kind: z.enum(['gap', 'feedback', 'manual']), ref: z.string().optional() }),
  lesson: z.string().optional(),
});

/** An answer a trainer wrote or approved for a question. */
export type ApprovedAnswer = z.infer<typeof approvedAnswerSchema>;

/** What {@link ApprovedAnswers.approve} takes. */
export interface ApproveInput {
  question: string;
  answer: string;
  trainerId: number;
  trainerName: string;
  language?: 'zh' | 'en';
  source?: ApprovedAnswer['source'];
  lesson?: string;
}

/** The approved-answer store. */
export interface ApprovedAnswers {
  /** Stores an answer; an earlier approval of the same (normalised) question is replaced. */
  approve(input: ApproveInput): Promise<ApprovedAnswer>;
  /** Every approved answer, newest first. */
  list(): Promise<ApprovedAnswer[]>;
  get(id: string): Promise<ApprovedAnswer | undefined>;
  /** Withdraws an approval; false when there was none with that id. */
  remove(id: string): Promise<boolean>;
  /** The approved answer for the same or a similar question, else undefined. */
  match(question: string): Promise<ApprovedAnswer | undefined>;
  /** Like `match`, with the similarity (1 for the same normalised text), for tests and diagnostics. */
  best(question: string): Promise<{ answer: ApprovedAnswer; similarity: number } | undefined>;
}

/** Dependencies of {@link createApprovedAnswers}. */
export interface ApprovedAnswersDeps {
  redis: Redis;
  keys: RedisKeys;
  /** The retrieval tokenizer (`knowledge.grounding.tokenizer`), so matching splits words as search does. */
  tokenizer: QuestionTokenizer;
  /** Glossary synonym groups (a term and its aliases), folded together when matching. */
  synonyms?: ReadonlyArray<readonly string[]>;
  /** Similarity from which a question counts as the same (default {@link sameQuestionThreshold}). */
  threshold?: number;
  now?: () => number;
}

const han = /\p{Script=Han}/u;
const maxQuestion = 500;
/** The longest answer a trainer may approve (characters); longer ones are refused, never cut. */
export const maxApprovedAnswer = 3_500;

interface IndexEntry {
  answer: ApprovedAnswer;
  normalised: string;
  terms: QuestionTerms;
}

/** Creates the store. */
export function createApprovedAnswers({
  redis,
  keys,
  tokenizer,
  synonyms,
  threshold = sameQuestionThreshold,
  now = Date.now,
}: ApprovedAnswersDeps): ApprovedAnswers {
  const matcher = createQuestionMatcher({ tokenizer, synonyms });
  let index: { version: string | null; entries: IndexEntry[] } | undefined;
  let loading: Promise<IndexEntry[]> | undefined;

  async function all(): Promise<ApprovedAnswer[]> {
    const raw = await redis.hGetAll(keys.approvedAnswers);
    return Object.values(raw)
      .flatMap((value) => parseStoredJson(approvedAnswerSchema, value) ?? [])
      .sort((a, b) => b.approvedAt - a.approvedAt || b.id.localeCompare(a.id));
  }

  async function entries(): Promise<IndexEntry[]> {
    const version = await redis.get(keys.approvedVersion);
    if (index && index.version === version) return index.entries;
    // One reload at a time; concurrent matches share it.
    loading ??= (async () => {
      try {
        const answers = await all();
        const built = answers.map((answer) => ({
          answer,
          normalised: normaliseQuestion(answer.question),
          terms: matcher.terms(answer.question),
        }));
        index = { version, entries: built };
        return built;
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  }

  async function best(question: string) {
    const list = await entries();
    // Most towns have few or no approved answers: don't normalise or split the question for nothing.
    if (list.length === 0) return undefined;
    const normalised = normaliseQuestion(question);
    if (!normalised) return undefined;
    const exact = list.find((entry) => entry.normalised === normalised);
    if (exact) return { answer: exact.answer, similarity: 1 };
    const terms = matcher.terms(question);
    let top: { answer: ApprovedAnswer; similarity: number } | undefined;
    for (const entry of list) {
      const similarity = matcher.similarity(terms, entry.terms);
      if (!top || similarity > top.similarity) top = { answer: entry.answer, similarity };
    }
    return top;
  }

  return {
    async approve(input) {
      const question = input.question.trim().slice(0, maxQuestion);
      // The trainer's words are stored as approved (only the surrounding blank space goes), and served so.
      const answerText = input.answer.trim();
      if (!question || !answerText) throw new Error('an approved answer needs a question and an answer');
      if (answerText.length > maxApprovedAnswer)
        throw new Error(`an approved answer has at most ${maxApprovedAnswer} characters`);
      const normalised = normaliseQuestion(question);
      const replaced = (await all()).filter((a) => normaliseQuestion(a.question) === normalised);
      const answer: ApprovedAnswer = {
        id: randomBytes(4).toString('hex'),
        question,
        answer: answerText,
        language: input.language ?? (han.test(question) ? 'zh' : 'en'),
        trainerId: input.trainerId,
        trainerName: input.trainerName.trim().slice(0, 60) || String(input.trainerId),
        approvedAt: now(),
        source: input.source ?? { kind: 'manual' },
        ...(input.lesson ? { lesson: input.lesson } : {}),
      };
      const multi = redis.multi().hSet(keys.approvedAnswers, answer.id, JSON.stringify(answer));
      for (const old of replaced) multi.hDel(keys.approvedAnswers, old.id);
      await multi.incr(keys.approvedVersion).exec();
      return answer;
    },
    list: all,
    async get(id) {
      return parseStoredJson(approvedAnswerSchema, await redis.hGet(keys.approvedAnswers, id));
    },
    async remove(id) {
      const [removed] = await redis.multi().hDel(keys.approvedAnswers, id).incr(keys.approvedVersion).exec();
      return Number(removed) > 0;
    },
    async match(question) {
      const found = await best(question);
      return found && found.similarity >= threshold ? found.answer : undefined;
    },
    best,
  };
}
