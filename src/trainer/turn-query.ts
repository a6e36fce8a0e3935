/**
 * @module The turn log as trainers search it: entries in a date range with their stream ids, joined with
 * the 👍/👎 on them, filtered by scope, cohort, learner, track, "not covered", "👎" and words.
 *
 * The dashboard's log page, its CSV/JSON Lines export and its charts all read through here, so what the
 * page shows is exactly what the export holds.
 */
import type { ConversationMemory } from '../memory/conversation-memory.ts';
import { type TurnLogEntry, turnLogEntrySchema } from '../memory/turn-log.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import type { TrainerScope } from './learners.ts';
import { chinaDay } from './reports.ts';

/** What a trainer filters the log by; every field is optional. */
export interface LogFilter {
  /** Only learners of this cohort (code). */
  cohort?: string;
  userId?: string;
  /** First and last China-time day, `YYYY-MM-DD`, inclusive. */
  from?: string;
  to?: string;
  /** Track of the first cited lesson. */
  track?: string;
  notCovered?: boolean;
  /** Only turns with a 👎. */
  downvoted?: boolean;
  /** Words in the question or the answer (case-insensitive). */
  text?: string;
}

/** A turn-log entry as the dashboard shows it. */
export interface LogRow extends TurnLogEntry {
  /** The turn-log stream id (also the id 👍/👎 refer to). */
  id: string;
  track: string | undefined;
  vote: 'up' | 'down' | undefined;
  /** The learner's "what was wrong?" note on a 👎. */
  note: string | undefined;
}

const dayMs = 86_400_000;

/** Start (ms) of a China-time day `YYYY-MM-DD`. */
export function chinaDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`);
}

/** The default window when no dates are given: the last 30 days up to `now`. */
export function defaultRange(now: number, days = 30): { from: string; to: string } {
  return { from: chinaDay(now - (days - 1) * dayMs), to: chinaDay(now) };
}

/** Reads the turn log for trainers. */
export interface TurnQuery {
  /**
   * Entries matching `filter` within `scope`, newest first, at most `limit` (default 50,000, an export's
   * cap). The caller checks that `filter.cohort` is in the scope.
   */
  search(scope: TrainerScope, filter: LogFilter, options: { now: number; limit?: number }): Promise<LogRow[]>;
  /** One entry by its stream id (e.g. the turn a 👎 refers to). */
  get(id: string): Promise<(TurnLogEntry & { id: string }) | undefined>;
}

/** Creates the query over the turn log and the feedback log. */
export function createTurnQuery({
  redis,
  keys,
  memory,
  trackOf,
  members,
}: {
  redis: Redis;
  keys: RedisKeys;
  memory: Pick<ConversationMemory, 'feedbackSince'>;
  trackOf: (lessonId: string) => string | undefined;
  members: (cohort: string) => Promise<string[]>;
}): TurnQuery {
  return {
    async get(id) {
      if (!/^\d+-\d+$/.test(id)) return undefined;
      const [entry] = (await redis.xRange(keys.turnLog, id, id)) ?? [];
      const parsed = entry ? turnLogEntrySchema.safeParse(entry.message) : undefined;
      return parsed?.success ? { ...parsed.data, id } : undefined;
    },
    async search(scope, filter, { now, limit = 50_000 }) {
      const range = defaultRange(now);
      const start = chinaDayStart(filter.from ?? range.from);
      const end = chinaDayStart(filter.to ?? range.to) + dayMs - 1;
      if (end < start) return [];
      const cohortMembers = filter.cohort ? new Set(await members(filter.cohort)) : undefined;
      // Votes come after the answer: read from the window's start to now. The last vote counts; a note
      // arrives as a second 👎 entry for the same turn.
      const votes = new Map<string, { vote: 'up' | 'down'; note: string | undefined }>();
      for (const entry of await memory.feedbackSince(start)) {
        const previous = votes.get(entry.turnId);
        votes.set(entry.turnId, {
          vote: entry.vote,
          note: entry.note || (entry.vote === 'down' ? previous?.note : undefined),
        });
      }
      const needle = filter.text?.toLowerCase();
      const rows: LogRow[] = [];
      // An id of milliseconds alone covers every entry of that millisecond.
      let cursor = String(end);
      // Newest first, in batches, so a page needs only the newest entries of a long log.
      while (rows.length < limit) {
        const batch = (await redis.xRevRange(keys.turnLog, cursor, String(start), { COUNT: 1_000 })) ?? [];
        for (const { id, message } of batch) {
          const parsed = turnLogEntrySchema.safeParse(message);
          if (!parsed.success) continue;
          const turn = parsed.data;
          if (!scope.includes(turn.userId)) continue;
          if (cohortMembers && !cohortMembers.has(turn.userId)) continue;
          if (filter.userId && turn.userId !== filter.userId) continue;
          if (filter.notCovered && !turn.abstained) continue;
          const track = turn.citations[0] && !turn.abstained ? trackOf(turn.citations[0]) : undefined;
          if (filter.track && track !== filter.track) continue;
          const vote = votes.get(id);
          if (filter.downvoted && vote?.vote !== 'down') continue;
          if (
            needle &&
            !turn.question.toLowerCase().includes(needle) &&
            !turn.answer.toLowerCase().includes(needle)
          )
            continue;
          rows.push({ ...turn, id, track, vote: vote?.vote, note: vote?.note });
          if (rows.length >= limit) break;
        }
        if (batch.length < 1_000) break;
        cursor = `(${batch.at(-1)!.id}`;
      }
      return rows;
    },
  };
}
