/**
 * @module What trainers read: activity and answer statistics from the turn log, and the knowledge gaps
 * grouped by similar wording, so one missing lesson shows up as one line with a count.
 */
import type { KnowledgeGap } from '../memory/conversation-memory.ts';
import type { TurnLogEntry } from '../memory/turn-log.ts';

/** Statistics over a period. */
export interface TrainerStats {
  days: number;
  activeLearners: number;
  questions: number;
  /** Questions per day (YYYY-MM-DD in China time), oldest first. */
  perDay: Array<{ day: string; questions: number }>;
  /** Answered questions per track of their first citation. */
  byTrack: Record<string, number>;
  answered: number;
  notCovered: number;
}

const chinaOffsetMs = 8 * 3_600_000;

/** The China-time date of a timestamp. */
export function chinaDay(at: number): string {
  return new Date(at + chinaOffsetMs).toISOString().slice(0, 10);
}

/** Statistics of `turns` (any order) for the `days` days up to `now`. */
export function trainerStats(
  turns: readonly TurnLogEntry[],
  trackOf: (lessonId: string) => string | undefined,
  now: number,
  days = 7,
): TrainerStats {
  const since = now - days * 86_400_000;
  const recent = turns.filter((turn) => turn.at >= since && turn.at <= now);
  const perDay = new Map<string, number>();
  for (let d = days - 1; d >= 0; d--) perDay.set(chinaDay(now - d * 86_400_000), 0);
  const byTrack: Record<string, number> = {};
  for (const turn of recent) {
    const day = chinaDay(turn.at);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
    const track = turn.citations[0] ? trackOf(turn.citations[0]) : undefined;
    if (track && !turn.abstained) byTrack[track] = (byTrack[track] ?? 0) + 1;
  }
  const notCovered = recent.filter((turn) => turn.abstained).length;
  return {
    days,
    activeLearners: new Set(recent.map((turn) => turn.userId)).size,
    questions: recent.length,
    perDay: [...perDay].map(([day, questions]) => ({ day, questions })),
    byTrack,
    answered: recent.length - notCovered,
    notCovered,
  };
}

/** Knowledge gaps asked in similar words. */
export interface GapGroup {
  /** The group's first (oldest) question, as an example. */
  example: string;
  count: number;
  questions: string[];
  nearest: string[];
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared === 0 ? 0 : shared / (a.size + b.size - shared);
}

/**
 * Groups gaps whose words overlap (Jaccard ≥ `threshold` over the tokenizer's words), largest group first.
 */
export function groupGaps(
  gaps: readonly KnowledgeGap[],
  words: (text: string) => string[],
  threshold = 0.4,
): GapGroup[] {
  const groups: Array<GapGroup & { terms: Set<string> }> = [];
  for (const gap of [...gaps].sort((a, b) => a.at - b.at)) {
    const terms = new Set(words(gap.question));
    const group = groups.find((g) => jaccard(g.terms, terms) >= threshold);
    if (group) {
      group.count += 1;
      group.questions.push(gap.question);
      for (const term of terms) group.terms.add(term);
    } else {
      groups.push({
        example: gap.question,
        count: 1,
        questions: [gap.question],
        nearest: gap.nearest,
        terms,
      });
    }
  }
  return groups.sort((a, b) => b.count - a.count).map(({ terms: _, ...group }) => group);
}
