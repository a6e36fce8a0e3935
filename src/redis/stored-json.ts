/** @module Reading JSON values back from Redis: validated, and `undefined` (never a throw) when unreadable. */
import type { z } from 'zod';

/**
 * Parses a stored JSON value with `schema`. A missing, unreadable or older-shaped value gives `undefined`,
 * so the caller starts that value fresh instead of crashing a handler.
 */
export function parseStoredJson<T extends z.ZodType>(
  schema: T,
  raw: string | null | undefined,
): z.infer<T> | undefined {
  if (!raw) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
