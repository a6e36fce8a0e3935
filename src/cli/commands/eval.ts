/**
 * @module `cunbo eval`: how well Cunbo answers, offline, on labelled question sets. A real-question set
 * (lines with `expect`) is answered in full and judged by the facts each answer holds; a retrieval set
 * (lines with `expected` lessons) gives recall@k, MRR and abstention figures.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { complianceHooks } from '../../compliance/hooks.ts';
import { createAnswerer } from '../../core/answer.ts';
import type { Grounded, Grounding } from '../../core/grounding.ts';
import {
  type AnswerReport,
  formatAnswerReport,
  type Judged,
  judge,
  type RealQuestion,
  realQuestionSchema,
  reportAnswers,
} from '../../evaluation/answer-quality.ts';
import type { Knowledge } from '../../knowledge-setup.ts';
import type { PromptLibrary } from '../../prompts/prompt-library.ts';
import { loadPrompts } from '../../prompts/prompt-library.ts';
import {
  buildReport,
  type DevQuestion,
  devQuestionSchema,
  formatReport,
  lessonRanking,
} from '../../retrieval/evaluation.ts';
import {
  type CoverageThresholds,
  defaultThresholds,
  isCovered,
} from '../../retrieval/knowledge-grounding.ts';
import { type CliCommand, UsageError } from '../command.ts';
import { withKnowledge } from '../knowledge-runner.ts';

/** Where the sets live; `cunbo eval` without `--set` runs every one. */
const setsDir = 'test/eval';

/** How a "can I say" answer opens, by verdict (see `src/compliance/may-i-say.ts`). */
const verdictMarks = { breaks: /^⚠️/u, fine: /^✅/u };

type LabelledSet =
  | { kind: 'real'; path: string; questions: RealQuestion[] }
  | { kind: 'retrieval'; path: string; questions: DevQuestion[] };

async function readSet(path: string): Promise<LabelledSet> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`cannot read the question set ${path}`);
  });
  const lines = text.split('\n').filter((line) => line.trim());
  const parse = <T>(schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  }) =>
    lines.map((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new UsageError(`${path}:${i + 1}: not JSON`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UsageError(`${path}:${i + 1}: ${issue.path.join('.')}: ${issue.message}`);
      }
      return parsed.data;
    });
  const real = lines.length > 0 && 'expect' in (JSON.parse(lines[0]!) as object);
  return real
    ? { kind: 'real', path, questions: parse(realQuestionSchema) }
    : { kind: 'retrieval', path, questions: parse(devQuestionSchema) };
}

/** A grounding whose "covered?" line is drawn elsewhere (for the threshold sweep). */
function withThresholds(grounding: Grounding, thresholds: CoverageThresholds): Grounding {
  return {
    ...grounding,
    async find(...args) {
      const grounded = await grounding.find(...args);
      return {
        ...grounded,
        covered: !grounded.decline && isCovered(grounded, thresholds),
      } satisfies Grounded;
    },
  };
}

async function judgeAll(
  knowledge: Knowledge,
  prompts: PromptLibrary,
  questions: readonly RealQuestion[],
  grounding: Grounding = knowledge.grounding,
): Promise<Judged[]> {
  const answerer = createAnswerer({ prompts, grounding, ...complianceHooks(knowledge.compliance) });
  const judged: Judged[] = [];
  for (const question of questions) {
    const history = question.previous
      ? [{ role: 'user' as const, text: question.previous, at: Date.now() }]
      : [];
    const { reply } = await answerer.answer(question.question, question.lang, history, () => {});
    judged.push(judge(question, reply, verdictMarks));
  }
  return judged;
}

function failures(judged: readonly Judged[]): string {
  const lines = judged
    .filter(
      (j) =>
        j.verdict === 'wrong' ||
        (j.question.expect === 'answer' && j.verdict !== 'answered') ||
        (j.question.expect === 'decline' && j.verdict !== 'declined') ||
        j.recognised === false,
    )
    .map(
      (j) =>
        `- ${j.question.id} [${j.question.expect} → ${j.verdict}${j.recognised === false ? ', can-I-say missed' : ''}] ${j.question.previous ? `${j.question.previous} → ` : ''}${j.question.question}\n    facts ${JSON.stringify(j.question.facts)}\n    ${j.text.replace(/\s+/g, ' ').slice(0, 220)}`,
    );
  return lines.length > 0 ? `\nNeeds work (${lines.length}):\n${lines.join('\n')}` : '';
}

async function sweep(knowledge: Knowledge, prompts: PromptLibrary, questions: readonly RealQuestion[]) {
  const rows = ['minCoverage strongMatch  with-facts  wrong  needless-abstain  cost (3×wrong + needless)'];
  for (const minCoverage of [0.4, 0.5, 0.6]) {
    for (const strongMatch of [8, 10, 12, 15, Number.POSITIVE_INFINITY]) {
      const thresholds = { ...defaultThresholds, minCoverage, strongMatch };
      const grounding = withThresholds(knowledge.grounding, thresholds);
      const report = reportAnswers(await judgeAll(knowledge, prompts, questions, grounding));
      const needless = report.answer.abstained;
      rows.push(
        `${minCoverage.toFixed(2).padStart(11)} ${String(strongMatch).padStart(11)}  ${String(report.answer.answered).padStart(10)}  ${String(report.wrong).padStart(5)}  ${String(needless).padStart(16)}  ${3 * report.wrong + needless}`,
      );
    }
  }
  return rows.join('\n');
}

/** `cunbo eval [--set FILE] [--json] [--sweep] [--failures]` */
export const evalCommand: CliCommand = {
  name: 'eval',
  help: `Usage: cunbo eval [--set FILE] [--json] [--sweep] [--failures]

Answers every question of each labelled set offline and prints, per set:
  real-question sets (test/eval/real-*.jsonl): answered with the facts, wrong (answered without them),
    honest abstentions and declines, by what the question expects; follow-ups; "can I say" recognised;
  retrieval sets (test/eval/dev-set.jsonl, holdout.jsonl): recall@1/3/5, MRR, false refusals and
    abstention precision/recall, overall, per language and per track.
Without --set, every set in ${setsDir}/ is run.

Options:
  --set FILE    one set (JSON Lines)
  --json        machine-readable output, one line per set
  --sweep       real sets: the figures for a grid of coverage thresholds (for calibration)
  --failures    real sets: list each question answered wrongly, abstained on or not declined`,
  async run(args, io) {
    let values: { set?: string; json?: boolean; sweep?: boolean; failures?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          set: { type: 'string' },
          json: { type: 'boolean' },
          sweep: { type: 'boolean' },
          failures: { type: 'boolean' },
        },
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const paths = values.set
      ? [values.set]
      : (await readdir(setsDir))
          .filter((name) => name.endsWith('.jsonl'))
          .sort()
          .map((name) => join(setsDir, name));
    const sets = await Promise.all(paths.map(readSet));
    return withKnowledge(io, { lexicalOnly: true }, async ({ config, knowledge }) => {
      const prompts = await loadPrompts(config.promptsDir);
      for (const set of sets) {
        if (set.kind === 'real') {
          const judged = await judgeAll(knowledge, prompts, set.questions);
          const report: AnswerReport = reportAnswers(judged);
          if (values.json) io.stdout.write(`${JSON.stringify({ set: set.path, ...report })}\n`);
          else
            io.stdout.write(
              `${formatAnswerReport(`${set.path}: ${set.questions.length} real questions, offline`, report)}\n`,
            );
          if (values.failures) io.stdout.write(`${failures(judged)}\n`);
          if (values.sweep) io.stdout.write(`\n${await sweep(knowledge, prompts, set.questions)}\n`);
        } else {
          const outcomes = [];
          for (const question of set.questions) {
            const history = question.previous
              ? [{ role: 'user' as const, text: question.previous, at: Date.now() }]
              : [];
            const grounded = await knowledge.grounding.find(question.question, question.lang, history);
            outcomes.push({
              question,
              ranking: lessonRanking(grounded),
              abstained: Boolean(grounded.decline) || !grounded.covered,
            });
          }
          const report = buildReport(outcomes);
          if (values.json)
            io.stdout.write(`${JSON.stringify({ set: set.path, mode: 'lexical', ...report })}\n`);
          else
            io.stdout.write(
              `${formatReport(`${set.path}: ${set.questions.length} questions, lexical retrieval`, report)}\n`,
            );
        }
        if (!values.json) io.stdout.write('\n');
      }
      return 0;
    });
  },
};
