/** @module What the knowledge-loop commands need, built from the app once per Telegram channel. */
import type { App } from '../../app.ts';
import { createApprovalDrafts } from '../../trainer/approval-drafts.ts';
import { recentDownvotes } from '../../trainer/downvotes.ts';
import { createTrainerLists } from '../../trainer/gap-report.ts';
import type { KnowledgeLoopDeps } from './features/knowledge-loop.ts';

/** The knowledge-loop dependencies for `app` (👎 of the last 30 days). */
export function knowledgeLoopTools(app: App, now: () => number = Date.now): KnowledgeLoopDeps {
  const { redis, keys, memory } = app;
  return {
    roles: app.roles,
    approvedAnswers: app.approvedAnswers,
    gapStatuses: app.gapStatuses,
    lists: createTrainerLists({ redis: redis.client, keys }),
    downvotes: () => recentDownvotes({ redis: redis.client, keys, memory }, now() - 30 * 86_400_000),
    lessonExists: (id) => app.library.lesson(id) !== undefined,
    checker: app.compliance,
    drafts: createApprovalDrafts({ redis: redis.client, keys }),
  };
}
