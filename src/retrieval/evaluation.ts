/**
 * @module Retrieval and abstention metrics over a labelled question set (recall@k, MRR, abstention
 * precision/recall), overall, per language and per track.
 */
import { z } from 'zod';
import type { Grounded } from '../core/grounding.ts';
import type { Language } from '../core/turn.ts';

/** One labelled question (a line of `test/eval/dev-set.jsonl`). */
export const devQuestionSchema = z.object({
  id: z.string(),
  lang: z.enum(['zh', 'en']),
  question: z.string().min(1),
  expected: z.array(z.string()),
  kind: z.enum(['answerable', 'follow-up', 'out-of-scope']),
  previous: z.string().optional(),
});

/** A labelled question. */
export type DevQuestion = z.infer<typeof devQuestionSchema>;

/** What the system did with one question. */
export interface Outcome {
  question: DevQuestion;
  /** Lesson ids in rank order (glossary and tips left out: the labels name lessons). */
  ranking: string[];
  abstained: boolean;
}

/** Metrics for a slice of the set. */
export interface Metrics {
  answerable: number;
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  mrr: number;
  /** Share of answerable questions the system refused (lower is better). */
  falseRefusal: number;
  outOfScope: number;
  abstentionPrecision: number;
  abstentionRecall: number;
}

/** The lesson ranking of a grounded result, glossary and tips left out (the labels name lessons). */
export function lessonRanking(grounded: Pick<Grounded, 'lessonIds'>): string[] {
  return grounded.lessonIds.filter((id) => !/^(glossary|tips)-/.test(id));
}

function rankOf(outcome: Outcome): number | undefined {
  const index = outcome.ranking.findIndex((id) => outcome.question.expected.includes(id));
  return index === -1 ? undefined : index + 1;
}

/** Computes the metrics of a set of outcomes. */
export function computeMetrics(outcomes: readonly Outcome[]): Metrics {
  const answerable = outcomes.filter((o) => o.question.kind !== 'out-of-scope');
  const outOfScope = outcomes.filter((o) => o.question.kind === 'out-of-scope');
  const within = (k: number) =>
    answerable.filter((o) => (rankOf(o) ?? Infinity) <= k).length / (answerable.length || 1);
  const abstainedAll = outcomes.filter((o) => o.abstained);
  const correctAbstentions = abstainedAll.filter((o) => o.question.kind === 'out-of-scope').length;
  return {
    answerable: answerable.length,
    recallAt1: within(1),
    recallAt3: within(3),
    recallAt5: within(5),
    mrr:
      answerable.reduce((sum, o) => sum + (rankOf(o) && rankOf(o)! <= 10 ? 1 / rankOf(o)! : 0), 0) /
      (answerable.length || 1),
    falseRefusal: answerable.filter((o) => o.abstained).length / (answerable.length || 1),
    outOfScope: outOfScope.length,
    abstentionPrecision: abstainedAll.length ? correctAbstentions / abstainedAll.length : 1,
    abstentionRecall: outOfScope.length ? correctAbstentions / outOfScope.length : 1,
  };
}

/** Metrics overall and by slice. */
export interface Report {
  overall: Metrics;
  byLanguage: Record<Language, Metrics>;
  byTrack: Record<string, Metrics>;
}

/** Slices outcomes by language and by the track of the first expected lesson. */
export function buildReport(outcomes: readonly Outcome[]): Report {
  const tracks = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    const track = outcome.question.expected[0]?.split('-')[0] ?? 'out-of-scope';
    tracks.set(track, [...(tracks.get(track) ?? []), outcome]);
  }
  return {
    overall: computeMetrics(outcomes),
    byLanguage: {
      zh: computeMetrics(outcomes.filter((o) => o.question.lang === 'zh')),
      en: computeMetrics(outcomes.filter((o) => o.question.lang === 'en')),
    },
    byTrack: Object.fromEntries([...tracks].map(([track, list]) => [track, computeMetrics(list)])),
  };
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(6);

/** A readable table of a report. */
export function formatReport(title: string, report: Report): string {
  const header = 'slice           n   R@1    R@3    R@5    MRR   refuse  n-oos  abst-P abst-R';
  const row = (name: string, m: Metrics) =>
    `${name.padEnd(13)} ${String(m.answerable).padStart(3)} ${pct(m.recallAt1)} ${pct(m.recallAt3)} ${pct(m.recallAt5)} ${m.mrr.toFixed(3)} ${pct(m.falseRefusal)}  ${String(m.outOfScope).padStart(4)} ${pct(m.abstentionPrecision)} ${pct(m.abstentionRecall)}`;
  return [
    title,
    header,
    row('all', report.overall),
    row('zh', report.byLanguage.zh),
    row('en', report.byLanguage.en),
    ...Object.entries(report.byTrack).map(([track, m]) => row(`  ${track}`, m)),
  ].join('\n');
}
