/** @module `cunbo eval`: retrieval and abstention metrics on the labelled dev set. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Grounded } from '../../core/grounding.ts';
import {
  buildReport,
  type DevQuestion,
  devQuestionSchema,
  formatReport,
  lessonRanking,
  type Outcome,
} from '../../retrieval/evaluation.ts';
import type { KnowledgeGrounding } from '../../retrieval/knowledge-grounding.ts';
import { type CliCommand, UsageError } from '../command.ts';
import { withKnowledge } from '../knowledge-runner.ts';

async function readDevSet(path: string): Promise<DevQuestion[]> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`cannot read the question set ${path}`);
  });
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = devQuestionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new UsageError(`${path}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

async function run(grounding: KnowledgeGrounding, questions: readonly DevQuestion[]) {
  const results: Array<{ question: DevQuestion; grounded: Grounded }> = [];
  for (const question of questions) {
    const history = question.previous
      ? [{ role: 'user' as const, text: question.previous, at: Date.now() }]
      : [];
    results.push({ question, grounded: await grounding.find(question.question, question.lang, history) });
  }
  return results;
}

function outcomes(results: Awaited<ReturnType<typeof run>>): Outcome[] {
  return results.map(({ question, grounded }) => ({
    question,
    ranking: lessonRanking(grounded),
    abstained: Boolean(grounded.decline) || !grounded.covered,
  }));
}

function sweep(results: Awaited<ReturnType<typeof run>>): string {
  const lines = ['minScore minCoverage  false-refusal  abstention-recall  abstention-precision'];
  for (const minScore of [2, 4, 6, 8]) {
    for (const minCoverage of [0.2, 0.25, 0.3, 0.35, 0.4, 0.5]) {
      const report = buildReport(
        results.map(({ question, grounded }) => ({
          question,
          ranking: lessonRanking(grounded),
          abstained:
            Boolean(grounded.decline) ||
            grounded.topScore < minScore ||
            (grounded.topCoverage < minCoverage && !grounded.query.includes(' → ')),
        })),
      ).overall;
      lines.push(
        `${String(minScore).padStart(8)} ${minCoverage.toFixed(2).padStart(11)}  ${(report.falseRefusal * 100).toFixed(1).padStart(12)}%  ${(report.abstentionRecall * 100).toFixed(1).padStart(16)}%  ${(report.abstentionPrecision * 100).toFixed(1).padStart(19)}%`,
      );
    }
  }
  return lines.join('\n');
}

/** `cunbo eval [--set FILE] [--json] [--sweep]` */
export const evalCommand: CliCommand = {
  name: 'eval',
  help: `Usage: cunbo eval [--set test/eval/dev-set.jsonl] [--json] [--sweep]

Runs every question of the set through retrieval and the "is this covered?" decision (no model), and prints
recall@1/3/5, MRR and the false-refusal rate for answerable questions, and abstention precision/recall for
out-of-scope ones: overall, per language and per track. With an embedding model configured it prints the
lexical-only figures and the hybrid ones side by side.

Options:
  --set FILE  the labelled questions (JSON Lines: id, lang, question, expected, kind, previous?)
  --json      machine-readable output
  --sweep     also print abstention figures for a grid of thresholds (for calibration)`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { set: { type: 'string' }, json: { type: 'boolean' }, sweep: { type: 'boolean' } },
    });
    const questions = await readDevSet(values.set ?? 'test/eval/dev-set.jsonl');
    const lexicalRun = await withKnowledge(io, { lexicalOnly: true }, async ({ knowledge }) => {
      const results = await run(knowledge.grounding, questions);
      const report = buildReport(outcomes(results));
      if (values.json) io.stdout.write(`${JSON.stringify({ mode: 'lexical', ...report })}\n`);
      else
        io.stdout.write(
          `${formatReport(`Lexical (BM25 words + bigrams), ${questions.length} questions`, report)}\n`,
        );
      if (values.sweep) io.stdout.write(`\n${sweep(results)}\n`);
      return 0;
    });
    if (lexicalRun !== 0) return lexicalRun;
    return withKnowledge(io, {}, async ({ knowledge }) => {
      if (!knowledge.hybrid) {
        if (!values.json) io.stdout.write('\n(no EMBEDDING_MODEL configured: hybrid not measured)\n');
        return 0;
      }
      const report = buildReport(outcomes(await run(knowledge.grounding, questions)));
      if (values.json) io.stdout.write(`${JSON.stringify({ mode: 'hybrid', ...report })}\n`);
      else io.stdout.write(`\n${formatReport('Hybrid (BM25 + embeddings, RRF)', report)}\n`);
      return 0;
    });
  },
};
