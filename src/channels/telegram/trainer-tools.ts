/** @module What the trainer commands need beyond the app's parts, built once per Telegram channel. */
import type { App } from '../../app.ts';
import { createAnnouncements } from '../../trainer/announcements.ts';
import { createBackgroundBroadcasts } from '../../trainer/broadcast.ts';
import { createUsernames } from '../../trainer/usernames.ts';
import type { TrainerDeps } from './features/trainer.ts';

/** The extra trainer dependencies; `broadcasts` must be stopped with the channel. */
export function trainerTools(
  app: App,
): Pick<
  TrainerDeps,
  'usernames' | 'directory' | 'summary' | 'announcements' | 'broadcasts' | 'stopReminders' | 'logger'
> {
  const { redis, keys, memory, learning, logger } = app;
  return {
    usernames: createUsernames({ redis: redis.client, keys }),
    directory: app.learners,
    summary: {
      memory,
      learning,
      turns: app.turnQuery,
    },
    announcements: createAnnouncements({ redis: redis.client, keys }),
    broadcasts: createBackgroundBroadcasts((error) => {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'announcement failed');
    }),
    stopReminders: (userId) => learning.stopReminders(userId),
    logger,
  };
}
