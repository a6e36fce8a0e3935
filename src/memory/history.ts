/** @module One user's recent conversation, as the model sees it. */
import { z } from 'zod';
import { parseStoredJson } from '../redis/stored-json.ts';

/** One line of a conversation. */
export const historyEntrySchema = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  at: z.number(),
});

/** A line of history as stored. */
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** Parses stored history lines, skipping any that do not validate (an older shape, a manual edit). */
export function parseHistory(raw: readonly string[]): HistoryEntry[] {
  // An unreadable line is dropped; the rest of the conversation still counts.
  return raw.flatMap((line) => parseStoredJson(historyEntrySchema, line) ?? []);
}
