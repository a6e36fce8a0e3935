/**
 * @module Replying with a trainer-approved answer: the trainer's text, made compliant, signed with the
 * trainer's name. No model and no retrieval: a trainer already answered this question.
 */
import type { AnswererDeps } from './answer.ts';
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

/** The reply for an approved answer, and the citations logged for it (`approved:<id>` first). */
export function approvedReply(
  match: ApprovedMatch,
  language: Language,
  makeCompliant?: AnswererDeps['makeCompliant'],
): { reply: Reply; logCitations: string[] } {
  // Trainers are people and may slip an absolute term in too: the same rewrite as for model answers.
  const body = makeCompliant ? makeCompliant(match.answer).text : match.answer;
  const text = `${body.trim()}\n\n${approvedByLine(match.trainerName, language)}`;
  const citations = match.lesson ? [match.lesson] : [];
  return {
    reply: { text, language, citations, mode: 'approved', abstained: false },
    logCitations: [`approved:${match.id}`, ...citations.map((c) => c.id)],
  };
}
