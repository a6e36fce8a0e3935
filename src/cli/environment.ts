/** @module Reading `.env` without overriding variables already set in the real environment. */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Returns `env` plus the variables of `file` (if it exists) that `env` does not already set. */
export function withEnvFile(env: NodeJS.ProcessEnv, file = '.env'): NodeJS.ProcessEnv {
  if (!existsSync(file)) return env;
  const fromFile = parseEnv(readFileSync(file, 'utf8'));
  return { ...fromFile, ...env };
}
