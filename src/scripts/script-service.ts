/**
 * @module Live-stream scripts for a user: read the request (or change the last one: "shorter", "more
 * interaction"), write the script with the model when one is configured (else offline), check it, remember
 * the request.
 */
import type { Language } from '../core/turn.ts';
import type { Logger } from '../logging/logger.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';
import { buildLiveScript, type LiveScript, renderLiveScript } from './live-script.ts';
import type { ScriptWriter } from './model-script.ts';
import {
  parseScriptRequest,
  reviseScriptRequest,
  type ScriptRequest,
  scriptForm,
  scriptRequestSchema,
} from './request.ts';

/** What a /script message gets back. */
export type ScriptOutcome =
  | { kind: 'form'; text: string }
  | { kind: 'script'; script: LiveScript; text: string; request: ScriptRequest; by: 'model' | 'offline' };

/** Rejects a script that breaks a rule (returns the offending lines). */
export type ScriptChecker = (lines: string[]) => string[];

const requestTtlSeconds = 30 * 86_400;

/** Creates the service. */
export function createScriptService({
  redis,
  keys,
  logger,
  writer,
  check,
}: {
  redis: Redis;
  keys: RedisKeys;
  logger: Logger;
  writer?: ScriptWriter;
  check?: ScriptChecker;
}) {
  async function lastRequest(userId: string): Promise<ScriptRequest | undefined> {
    return parseStoredJson(scriptRequestSchema, await redis.get(keys.script(userId)));
  }

  function linesOf(script: LiveScript): string[] {
    return [
      ...script.segments.flatMap((s) => [...s.lines, ...s.interaction]),
      ...script.objections.map((o) => o.answer),
    ];
  }

  async function write(request: ScriptRequest): Promise<{ script: LiveScript; by: 'model' | 'offline' }> {
    if (writer) {
      try {
        const script = await writer(request);
        const problems = check?.(linesOf(script)) ?? [];
        if (problems.length === 0) return { script, by: 'model' };
        logger.warn({ problems }, 'model script broke a rule; using the offline script');
      } catch (error) {
        logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'model script failed; using the offline script',
        );
      }
    }
    return { script: buildLiveScript(request), by: 'offline' };
  }

  return {
    /** Answers `/script <text>`. */
    async handle(userId: string, text: string, language: Language): Promise<ScriptOutcome> {
      // A filled-in form is a new request; anything else may revise the last one ("短一点", "more interaction").
      const fresh = text.trim() ? parseScriptRequest(text, language) : undefined;
      const previous = !fresh && text.trim() ? await lastRequest(userId) : undefined;
      const request = fresh ?? (previous && reviseScriptRequest(previous, text));
      if (!request) return { kind: 'form', text: scriptForm(language) };
      const { script, by } = await write(request);
      await redis.set(keys.script(userId), JSON.stringify(request), { EX: requestTtlSeconds });
      return { kind: 'script', script, request, by, text: renderLiveScript(script, request.language) };
    },
  };
}

/** The service's type. */
export type ScriptService = ReturnType<typeof createScriptService>;
