/**
 * @module Running a long-lived command (chat, bot): config, logger, app, signals, and a clean stop.
 */
import { type App, buildApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config/config.ts';
import { createLogger, secretsOf } from '../logging/logger.ts';
import { PrivateRedisError } from '../redis/private-server.ts';
import type { CliIO } from './command.ts';
import { withEnvFile } from './environment.ts';

/** Options for {@link runWithApp}. */
export interface RunWithAppOptions {
  needs?: { telegramToken?: boolean };
  /** Overrides LOG_LEVEL (the terminal chat keeps logs quiet unless asked). */
  defaultLogLevel?: string;
}

/**
 * Builds the app and runs `body` until it returns or SIGINT/SIGTERM arrives, then closes everything.
 * Configuration and start-up problems print one clear line and exit 2; nothing prints a stack trace.
 */
export async function runWithApp(
  io: CliIO,
  { needs, defaultLogLevel }: RunWithAppOptions,
  body: (app: App, stopSignal: AbortSignal) => Promise<void>,
): Promise<number> {
  const env = withEnvFile(io.env);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env, needs);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) io.stderr.write(`cunbo: config error: ${problem}\n`);
      io.stderr.write('See .env.example for every variable.\n');
      return 2;
    }
    throw error;
  }
  const level = env.LOG_LEVEL ? config.logLevel : (defaultLogLevel ?? config.logLevel);
  const logger = createLogger(level, io.stderr, secretsOf(config));
  let app: App;
  try {
    app = await buildApp(config, logger);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof PrivateRedisError ? '' : ' (is REDIS_URL right?)';
    io.stderr.write(`cunbo: could not start: ${message}${/redis|ECONNREFUSED/i.test(message) ? hint : ''}\n`);
    return 2;
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await body(app, stop.signal);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await app.close();
  }
}
