/** @module The dashboard's dependencies, built from a running app. */
import type { App } from '../../app.ts';
import type { DashboardDeps } from './view.ts';

/** Builds what the dashboard reads from `app` (whose config has `http` set). */
export function dashboardDeps(app: App): DashboardDeps {
  const trackOf = (lessonId: string) => app.knowledge.grounding.cite(lessonId)?.track;
  return {
    signIn: app.signIn,
    directory: app.learners,
    turns: app.turnQuery,
    cohorts: app.cohorts,
    memory: app.memory,
    learning: app.learning,
    trackOf,
    words: (text) => app.knowledge.grounding.tokenizer.words(text),
    publicUrl: app.config.http?.publicUrl ?? '',
    logger: app.logger,
    approvedAnswers: app.approvedAnswers,
    gapStatuses: app.gapStatuses,
    checker: app.compliance,
  };
}
