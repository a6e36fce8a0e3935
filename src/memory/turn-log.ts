/**
 * @module The turn log: one Redis Stream entry per turn, for trainers.
 *
 * Stream fields are flat strings (what XADD stores); `turnLogEntrySchema` turns them back into types.
 */
import { z } from 'zod';

/** What is logged about one turn. */
export interface TurnLogEntry {
  userId: string;
  channel: string;
  at: number;
  language: string;
  question: string;
  answer: string;
  /** `model:<name>`, `offline` or `apology`. */
  mode: string;
  latencyMs: number;
  promptTokens?: number;
  completionTokens?: number;
  citations: string[];
  abstained: boolean;
  error?: string;
}

/** Flattens an entry into XADD fields. */
export function toStreamFields(entry: TurnLogEntry): Record<string, string> {
  const fields: Record<string, string> = {
    userId: entry.userId,
    channel: entry.channel,
    at: String(entry.at),
    language: entry.language,
    question: entry.question,
    answer: entry.answer,
    mode: entry.mode,
    latencyMs: String(entry.latencyMs),
    citations: entry.citations.join(','),
    abstained: entry.abstained ? '1' : '0',
  };
  if (entry.promptTokens !== undefined) fields.promptTokens = String(entry.promptTokens);
  if (entry.completionTokens !== undefined) fields.completionTokens = String(entry.completionTokens);
  if (entry.error) fields.error = entry.error;
  return fields;
}

const numeric = z.coerce.number();

/** Validates stream fields read back (XRANGE) into a `TurnLogEntry`. */
export const turnLogEntrySchema = z
  .object({
    userId: z.string(),
    channel: z.string(),
    at: numeric,
    language: z.string(),
    question: z.string(),
    answer: z.string(),
    mode: z.string(),
    latencyMs: numeric,
    promptTokens: numeric.optional(),
    completionTokens: numeric.optional(),
    citations: z.string().transform((value) => (value ? value.split(',') : [])),
    abstained: z.enum(['0', '1']).transform((value) => value === '1'),
    error: z.string().optional(),
  })
  .transform((entry): TurnLogEntry => entry);
