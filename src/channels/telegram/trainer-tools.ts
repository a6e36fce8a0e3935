/** @module What the trainer commands need beyond the app's parts, built once per Telegram channel. */
import type { App } from '../../app.ts';
import { createAnnouncements } from '../../trainer/announcements.ts';
import { createBackgroundBroadcasts } from '../../trainer/broadcast.ts';
import { createLearnerDirectory } from '../../trainer/learners.ts';
import { createTurnQuery } from '../../trainer/turn-query.ts';
import { createUsernames } from '../../trainer/usernames.ts';
import type { TrainerDeps } from './features/trainer.ts';

/** The extra trainer dependencies; `broadcasts` must be stopped with the channel. */
export function trainerTools(
  app: App,
): Pick<
  TrainerDeps,
  'usernames' | 'directory' | 'summary' | 'announcements' | 'broadcasts' | 'stopReminders' | 'logger'
> {
  const { redis, keys, memory, learning, cohorts, roles, logger } = app;
  return {
    usernames: createUsernames({ redis: redis.client, keys }),
    directory: createLearnerDirectory({ redis: redis.client, keys, memory, learning, cohorts, roles }),
    summary: {
      memory,
      learning,
      turns: createTurnQuery({
        redis: redis.client,
        keys,
        memory,
        trackOf: (lessonId) => app.knowledge.grounding.cite(lessonId)?.track,
        members: (code) => cohorts.members(code),
      }),
    },
    announcements: createAnnouncements({ redis: redis.client, keys }),
    broadcasts: createBackgroundBroadcasts((error) => {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'announcement failed');
    }),
    stopReminders: (userId) => learning.stopReminders(userId),
    logger,
  };
}
