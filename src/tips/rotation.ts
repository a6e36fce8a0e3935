/**
 * @module Which tip to show next when someone asks again: per person and situation, the one after the last
 * shown, wrapping round. Kept in memory and bounded (the oldest entries go first), so a restart or another
 * process only means starting the round again.
 */

/** Remembers the last tip shown to each person for each situation. */
export interface Rotation {
  /** The index after the last one recorded for `id`, wrapping at `count` (0 the first time). */
  next(id: string, count: number): number;
  /** Records that the tip at `index` was shown for `id`. */
  shown(id: string, index: number): void;
}

/** A rotation remembering at most `capacity` ids. */
export function createRotation(capacity = 10_000): Rotation {
  const last = new Map<string, number>();
  return {
    next(id, count) {
      if (count <= 0) return 0;
      return ((last.get(id) ?? -1) + 1) % count;
    },
    shown(id, index) {
      last.delete(id);
      last.set(id, index);
      if (last.size > capacity) last.delete(last.keys().next().value!);
    },
  };
}
