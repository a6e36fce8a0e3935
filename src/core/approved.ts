/**
 * @module Replying with a trainer-approved answer: the trainer's text exactly as approved, signed with the
 * trainer's name. No model, no retrieval and no compliance rewrite: the trainer already answered this
 * question, and saw what the checker flagged in it when approving (docs/knowledge-loop.md).
 */
import type { Citation, Language, Reply } from './turn.ts';

/** An approved answer the coach may serve (see `src/trainer/approved-answers.ts`). */
export interface ApprovedMatch {
  id: string;
  answer: string;
  trainerName: string;
  /** The lesson the trainer linked it to, cited like any lesson when it exists. */
  lesson?: Citation;
}

/** Finds the approved answer for a question, if a trainer approved one for the same or a similar question. */
export type ApprovedAnswerLookup = (
  question: string,
  language: Language,
) => Promise<ApprovedMatch | undefined>;

/** The line under an approved answer that says whose answer it is. */
export function approvedByLine(trainerName: string, language: Language): string {
  return language === 'en'
    ? `— answer approved by trainer ${trainerName}`
    : `— 培训老师 ${trainerName} 审核的回答`;
}

/**
 * The reply for an approved answer, and the citations logged for it (`approved:<id>` first). The trainer's
 * text is served byte for byte: the bot never edits a trainer's words (a rewrite once turned a trainer's
 * "说降血压就是宣传治病" warning into "说就是宣传"). The checker runs at approval instead, where the trainer
 * sees what it flags and confirms or edits.
 */
export function approvedReply(
  match: ApprovedMatch,
  language: Language,
): { reply: Reply; logCitations: string[] } {
  const text = `${match.answer}\n\n${approvedByLine(match.trainerName, language)}`;
  const citations = match.lesson ? [match.lesson] : [];
  return {
    reply: { text, language, citations, mode: 'approved', abstained: false },
    logCitations: [`approved:${match.id}`, ...citations.map((c) => c.id)],
  };
}
