/**
 * @module The gaps report trainers act on: gap groups joined with what trainers did about them, open ones
 * first, and the numbered list a trainer last saw (so `/answer 2 …` means the second line they read).
 */
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';
import type { GapState, GapStatuses } from './gap-status.ts';
import type { GapGroup } from './reports.ts';

/** A gap group with its state. */
export interface GapReportEntry extends GapGroup {
  /** The group's key (from its example question). */
  key: string;
  /** Keys of every question in the group: a state set on any of them is the group's. */
  keys: string[];
  state: GapState;
}

const statusOrder: Record<GapState['status'], number> = { open: 0, answered: 1, handled: 2 };

/**
 * Joins `groups` with their states: open groups first, then answered, then handled; within each, the
 * largest first, then by example, so the same data always numbers the same way.
 */
export async function gapReport(
  groups: readonly GapGroup[],
  statuses: Pick<GapStatuses, 'key' | 'get'>,
): Promise<GapReportEntry[]> {
  const withKeys = groups.map((group) => ({
    ...group,
    key: statuses.key(group.example),
    keys: [...new Set(group.questions.map((q) => statuses.key(q)))],
  }));
  const states = await statuses.get([...new Set(withKeys.flatMap((g) => [g.key, ...g.keys]))]);
  return withKeys
    .map((group) => {
      const known = [group.key, ...group.keys]
        .map((key) => states.get(key))
        .filter((state): state is GapState => state !== undefined && state.status !== 'open')
        .sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
      return { ...group, state: known[0] ?? { status: 'open' as const } };
    })
    .sort(
      (a, b) =>
        statusOrder[a.state.status] - statusOrder[b.state.status] ||
        b.count - a.count ||
        a.example.localeCompare(b.example),
    );
}

/** One line of a numbered list a trainer saw. */
export const listedItemSchema = z.object({
  /** The question the line was about. */
  question: z.string(),
  /** Gap keys (gaps) or the turn id (downvotes). */
  refs: z.array(z.string()),
  /** The bot's answer, for downvotes. */
  answer: z.string().optional(),
  language: z.enum(['zh', 'en']).optional(),
});

/** One line of a numbered list a trainer saw. */
export type ListedItem = z.infer<typeof listedItemSchema>;

/** Which numbered list. */
export type ListKind = 'gaps' | 'downvotes';

/** The numbered lists trainers last saw, per trainer and kind (a day long). */
export function createTrainerLists({ redis, keys }: { redis: Redis; keys: RedisKeys }) {
  return {
    async remember(trainerId: number, kind: ListKind, items: readonly ListedItem[]): Promise<void> {
      await redis.set(keys.trainerList(String(trainerId), kind), JSON.stringify(items), { EX: 86_400 });
    },
    /** Item `n` (1-based) of the list, if the trainer saw one that long. */
    async item(trainerId: number, kind: ListKind, n: number): Promise<ListedItem | undefined> {
      const raw = await redis.get(keys.trainerList(String(trainerId), kind));
      return parseStoredJson(z.array(listedItemSchema), raw)?.[n - 1];
    },
  };
}

/** The lists trainers last saw. */
export type TrainerLists = ReturnType<typeof createTrainerLists>;
