/**
 * @module For commands that use the knowledge base without running a bot (retrieve, ask, eval): config,
 * a quiet logger, the knowledge, and JSON Lines batches on stdin.
 */
import { createInterface } from 'node:readline';
import { type Config, ConfigError, loadConfig } from '../config/config.ts';
import { type Knowledge, loadKnowledge } from '../knowledge-setup.ts';
import { createLogger, type Logger, secretsOf } from '../logging/logger.ts';
import { type CliIO, UsageError } from './command.ts';
import { withEnvFile } from './environment.ts';

/** What a knowledge command runs with. */
export interface KnowledgeRuntime {
  config: Config;
  logger: Logger;
  knowledge: Knowledge;
}

/** Loads config and knowledge; config mistakes become a UsageError-like message and exit code 2. */
export async function withKnowledge(
  io: CliIO,
  options: { lexicalOnly?: boolean },
  body: (runtime: KnowledgeRuntime) => Promise<number>,
): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(withEnvFile(io.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) io.stderr.write(`cunbo: config error: ${problem}\n`);
    return 2;
  }
  const logger = createLogger(io.env.LOG_LEVEL ? config.logLevel : 'warn', io.stderr, secretsOf(config));
  // Without Redis, embeddings (when configured) are computed afresh rather than cached.
  const knowledge = await loadKnowledge({ config, logger, lexicalOnly: options.lexicalOnly });
  return body({ config, logger, knowledge });
}

/** One line of a JSON Lines batch. */
export interface BatchItem {
  id: unknown;
  question: string;
  lang?: 'zh' | 'en';
}

/** Reads `{"id":…,"question":…,"lang":…}` lines from stdin; a bad line is reported and skipped. */
export async function* readBatch(io: CliIO): AsyncGenerator<BatchItem> {
  let lineNumber = 0;
  for await (const line of createInterface({ input: io.stdin, terminal: false })) {
    lineNumber += 1;
    if (!line.trim()) continue;
    try {
      const item = JSON.parse(line) as Partial<BatchItem>;
      if (typeof item.question !== 'string' || !item.question.trim())
        throw new Error('"question" must be text');
      if (item.lang !== undefined && item.lang !== 'zh' && item.lang !== 'en')
        throw new Error('"lang" must be zh or en');
      yield { id: item.id ?? lineNumber, question: item.question, lang: item.lang };
    } catch (error) {
      io.stdout.write(`${JSON.stringify({ id: null, line: lineNumber, error: (error as Error).message })}\n`);
    }
  }
}

/** Parses `--lang`. */
export function parseLang(value: string | undefined): 'zh' | 'en' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'zh' && value !== 'en') throw new UsageError('--lang must be zh or en');
  return value;
}
