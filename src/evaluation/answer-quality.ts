/**
 * @module Whether answers answer: each question of a real-question set is answered offline and judged by
 * whether the answer holds the facts the asker needed. The figure that hurts users most is counted on its
 * own: answers that look confident but miss the facts ("wrong").
 */
import { z } from 'zod';
import type { Reply } from '../core/turn.ts';
import { normalizeText } from '../retrieval/tokenizer.ts';

/** One labelled real question (a line of `test/eval/real-*.jsonl`). */
export const realQuestionSchema = z.object({
  id: z.string().min(1),
  lang: z.enum(['zh', 'en']),
  question: z.string().min(1),
  /** The public page it was asked on (or, for a constructed follow-up or "can I say", the page behind it). */
  source: z.string().min(1),
  /** answer: the knowledge base has it; abstain_ok: in the domain but not covered; decline: out of scope. */
  expect: z.enum(['answer', 'abstain_ok', 'decline']),
  intent: z.string().optional(),
  /** Facts the answer cannot omit: every group needs one of its alternatives (case-insensitive). */
  facts: z.array(z.array(z.string().min(1)).min(1)).default([]),
  lessons: z.array(z.string()).default([]),
  /** For a follow-up: the question asked just before. */
  previous: z.string().optional(),
  /** For "can I say X?": whether X may be said, and X. */
  sayable: z.boolean().optional(),
  phrase: z.string().optional(),
  /** Written by the project from a real page (a follow-up's second turn, a "can I say" wording). */
  constructed: z.boolean().optional(),
});

/** A labelled real question. */
export type RealQuestion = z.infer<typeof realQuestionSchema>;

/** What became of one question. */
export type Verdict = 'answered' | 'wrong' | 'abstained' | 'declined';

/** One judged answer. */
export interface Judged {
  question: RealQuestion;
  verdict: Verdict;
  /** For "can I say" questions: whether the answer led with the right verdict. */
  recognised?: boolean;
  text: string;
}

/** The verdict notes a "can I say" answer leads with (see `src/compliance/may-i-say.ts`). */
export interface VerdictMarks {
  breaks: RegExp;
  fine: RegExp;
}

/** Whether `text` holds every group of facts. */
export function holdsFacts(text: string, facts: readonly (readonly string[])[]): boolean {
  const haystack = normalizeText(text);
  return facts.every((group) => group.some((fact) => haystack.includes(normalizeText(fact))));
}

/** Judges one reply to one question. */
export function judge(question: RealQuestion, reply: Reply, marks: VerdictMarks): Judged {
  let verdict: Verdict;
  if (reply.mode === 'declined') verdict = 'declined';
  else if (reply.abstained) verdict = 'abstained';
  else
    verdict = question.expect !== 'decline' && holdsFacts(reply.text, question.facts) ? 'answered' : 'wrong';
  const recognised =
    question.sayable === undefined
      ? undefined
      : (question.sayable ? marks.fine : marks.breaks).test(reply.text.trimStart());
  return { question, verdict, recognised, text: reply.text };
}

/** The figures of a set. */
export interface AnswerReport {
  total: number;
  answer: { n: number; answered: number; wrong: number; abstained: number; declined: number };
  abstainOk: { n: number; answeredOrAbstained: number; wrong: number; declined: number };
  decline: { n: number; declined: number; wrong: number };
  /** Answers without the facts, over all questions. */
  wrong: number;
  followUps: { n: number; answered: number };
  canISay: { n: number; recognised: number };
}

/** Adds up judged answers. */
export function reportAnswers(judged: readonly Judged[]): AnswerReport {
  const of = (expect: RealQuestion['expect']) => judged.filter((j) => j.question.expect === expect);
  const count = (list: readonly Judged[], ...verdicts: Verdict[]) =>
    list.filter((j) => verdicts.includes(j.verdict)).length;
  const answer = of('answer');
  const abstainOk = of('abstain_ok');
  const decline = of('decline');
  const followUps = judged.filter((j) => j.question.previous !== undefined);
  const canISay = judged.filter((j) => j.recognised !== undefined);
  return {
    total: judged.length,
    answer: {
      n: answer.length,
      answered: count(answer, 'answered'),
      wrong: count(answer, 'wrong'),
      abstained: count(answer, 'abstained'),
      declined: count(answer, 'declined'),
    },
    abstainOk: {
      n: abstainOk.length,
      answeredOrAbstained: count(abstainOk, 'answered', 'abstained'),
      wrong: count(abstainOk, 'wrong'),
      declined: count(abstainOk, 'declined'),
    },
    decline: {
      n: decline.length,
      declined: count(decline, 'declined'),
      wrong: count(decline, 'wrong', 'answered'),
    },
    wrong: count(judged, 'wrong') + decline.filter((j) => j.verdict === 'answered').length,
    followUps: {
      n: followUps.length,
      answered: followUps.filter(
        (j) => j.verdict === 'answered' || (j.question.expect !== 'answer' && j.verdict === 'abstained'),
      ).length,
    },
    canISay: { n: canISay.length, recognised: canISay.filter((j) => j.recognised).length },
  };
}

const share = (part: number, whole: number) =>
  whole === 0 ? '  —  ' : `${((part / whole) * 100).toFixed(1)}%`;

/** A readable summary of a report. */
export function formatAnswerReport(title: string, report: AnswerReport): string {
  const { answer, abstainOk, decline, followUps, canISay } = report;
  return [
    title,
    `  answer      ${String(answer.n).padStart(4)}  with the facts ${share(answer.answered, answer.n)}  wrong ${share(answer.wrong, answer.n)}  abstained ${share(answer.abstained, answer.n)}  declined ${share(answer.declined, answer.n)}`,
    `  abstain_ok  ${String(abstainOk.n).padStart(4)}  facts or honest abstention ${share(abstainOk.answeredOrAbstained, abstainOk.n)}  wrong ${share(abstainOk.wrong, abstainOk.n)}  declined ${share(abstainOk.declined, abstainOk.n)}`,
    `  decline     ${String(decline.n).padStart(4)}  declined ${share(decline.declined, decline.n)}  answered anyway ${share(decline.wrong, decline.n)}`,
    `  follow-ups  ${String(followUps.n).padStart(4)}  right ${share(followUps.answered, followUps.n)}`,
    `  can I say   ${String(canISay.n).padStart(4)}  recognised ${share(canISay.recognised, canISay.n)}`,
    `  WRONG (answered without the facts, all questions): ${report.wrong} of ${report.total} = ${share(report.wrong, report.total)}`,
  ].join('\n');
}
