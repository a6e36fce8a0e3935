/** @module When a daily nudge is due: the next occurrence of an hour in China time (UTC+8, no DST). */

const chinaOffsetMs = 8 * 3_600_000;

/** The next time after `now` (ms) when it is `hour`:00 in Asia/Shanghai. */
export function nextReminderAt(hour: number, now: number): number {
  const chinaNow = now + chinaOffsetMs;
  const dayStart = Math.floor(chinaNow / 86_400_000) * 86_400_000;
  let due = dayStart + hour * 3_600_000;
  if (due <= chinaNow) due += 86_400_000;
  return due - chinaOffsetMs;
}

/**
 * A reminder found overdue by more than this when the bot comes back is not sent late; it moves to its
 * next day. (A nudge at 3 a.m. for an 8 p.m. reminder helps nobody.)
 */
export const staleReminderMs = 3 * 3_600_000;
