/**
 * @module The environment schema: every setting Cunbo reads, validated once at start-up.
 *
 * `.env.example` documents the same variables; keep the two in step.
 */
import { z } from 'zod';

const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), {
    message: 'expected an http:// or https:// URL',
  })
  .transform((value) => value.replace(/\/+$/, ''));

const redisUrl = z
  .string()
  .trim()
  .refine((value) => /^(rediss?|unix):\/\//.test(value) && URL.canParse(value), {
    message: 'expected a redis://, rediss:// or unix:// URL, e.g. redis://127.0.0.1:6379',
  });

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A number of at least `min` (a whole one unless `whole` is false); every failure reads `expected`. */
const limitNumber = (min: number, fallback: number, expected: string, whole = true) => {
  const number = z.coerce.number({ error: expected });
  return (whole ? number.int({ error: expected }) : number).min(min, { error: expected }).default(fallback);
};

/** How many updates a process works on at once: a whole number from 1 to `max`. */
const concurrency = (expected: string, fallback: number, max: number) =>
  z.coerce
    .number({ error: expected })
    .int({ error: expected })
    .min(1, { error: expected })
    .max(max, { error: expected })
    .default(fallback);

const telegramIds = z
  .string()
  .trim()
  .default('')
  .refine((value) => value === '' || /^\s*\d+(\s*,\s*\d+)*\s*$/.test(value), {
    message: 'expected a comma-separated list of numeric Telegram user ids, e.g. 12345,67890',
  })
  .transform((value) => (value === '' ? [] : value.split(',').map((id) => Number(id.trim()))));

/** The raw environment, as zod reads it. Names are the variable names, so errors name the variable. */
export const envSchema = z.object({
  TELEGRAM_BOT_TOKEN: z
    .string()
    .trim()
    .regex(/^\d+:[\w-]{20,}$/, 'expected a token from @BotFather, like 123456:ABC-DEF…')
    .optional(),
  TELEGRAM_API_ROOT: httpUrl.default('https://api.telegram.org'),
  REDIS_URL: redisUrl.optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]+:$/, 'expected a key prefix ending in a colon, e.g. cunbo:')
    .default('cunbo:'),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: httpUrl.default('https://api.openai.com/v1'),
  CHAT_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: positiveInt(30_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  EMBEDDING_BASE_URL: httpUrl.optional(),
  EMBEDDING_API_KEY: optionalText,
  EMBEDDING_MODEL: optionalText,
  RERANK_BASE_URL: httpUrl.optional(),
  RERANK_API_KEY: optionalText,
  RERANK_MODEL: optionalText,
  TRANSCRIBE_MODEL: optionalText,
  HISTORY_TURNS: positiveInt(20),
  HISTORY_TTL_DAYS: positiveInt(90),
  TURN_LOG_MAX: positiveInt(1_000_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().trim().min(1).default('data'),
  KNOWLEDGE_DIR: z.string().trim().min(1).default('knowledge'),
  PROMPTS_DIR: z.string().trim().min(1).default('prompts'),
  TRAINER_IDS: telegramIds,
  ADMIN_IDS: telegramIds,
  PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'expected a port number from 1 to 65535, e.g. 8080')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, 'expected a port number from 1 to 65535, e.g. 8080')
        .max(65_535, 'expected a port number from 1 to 65535, e.g. 8080'),
    )
    .optional(),
  HTTP_HOST: z.string().trim().min(1).default('0.0.0.0'),
  PUBLIC_URL: httpUrl.optional(),
  DASHBOARD_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1, 'expected seconds a dashboard sign-in link works, 1 to 86400 (default 600)')
    .max(86_400, 'expected seconds a dashboard sign-in link works, 1 to 86400 (default 600)')
    .default(600),
  WEBHOOK_URL: z
    .string()
    .trim()
    .refine((value) => /^https:\/\/[^\s/]+/.test(value) && URL.canParse(value), {
      message: 'expected an https:// URL that Telegram can reach, e.g. https://bot.example.com/telegram',
    })
    .optional(),
  METRICS_TOKEN: z
    .string()
    .trim()
    .regex(
      /^\S{16,256}$/,
      'expected 16-256 characters without spaces (a bearer token for /metrics), or unset',
    )
    .optional(),
  WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^[\w-]{16,256}$/, 'expected 16-256 characters of A-Z, a-z, 0-9, _ and - (Telegram secret_token)')
    .optional(),
  WORKER_CONCURRENCY: concurrency(
    'expected how many updates one process handles at once from the queue, 1 to 256 (default 8)',
    8,
    256,
  ),
  POLLING_CONCURRENCY: concurrency(
    'expected how many updates one long-polling process handles at once, 1 to 1000 (default 64)',
    64,
    1_000,
  ),
  RATE_LIMIT_PER_MINUTE: limitNumber(
    1,
    6,
    'expected questions per minute a user may ask, a whole number ≥ 1 (default 6)',
  ),
  RATE_LIMIT_BURST: limitNumber(
    1,
    5,
    'expected how many quick questions in a row pass, a whole number ≥ 1 (default 5)',
  ),
  DAILY_QUESTION_LIMIT: limitNumber(
    0,
    200,
    'expected questions per user per day, a whole number ≥ 0 (default 200)',
  ),
  DAILY_TOKEN_LIMIT: limitNumber(
    0,
    200_000,
    'expected model tokens per user per day, a whole number ≥ 0 (default 200000; 0 = knowledge base only)',
  ),
  STAFF_LIMIT_MULTIPLIER: limitNumber(
    1,
    5,
    'expected a factor ≥ 1 for the limits of trainers and admins (default 5)',
    false,
  ),
  TOKEN_PRICE_INPUT_PER_MILLION: limitNumber(
    0,
    2,
    'expected the price of a million prompt tokens, e.g. 2 (default 2)',
    false,
  ),
  TOKEN_PRICE_OUTPUT_PER_MILLION: limitNumber(
    0,
    8,
    'expected the price of a million completion tokens, e.g. 8 (default 8)',
    false,
  ),
  TOKEN_PRICE_CURRENCY: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'expected a three-letter currency code, e.g. CNY or USD')
    .default('CNY'),
});

/** Endpoint of one OpenAI-compatible service (chat, embeddings or rerank). */
export interface ModelEndpoint {
  baseURL: string;
  apiKey: string;
  model: string;
}

/** Cunbo's settings, derived from the environment. Built once, in the composition root. */
export interface Config {
  telegram: { token: string | undefined; apiRoot: string };
  redis: { url: string | undefined; prefix: string };
  /** The chat model; `undefined` means offline mode (answers from retrieval alone). */
  chat: (ModelEndpoint & { timeoutMs: number; maxRetries: number }) | undefined;
  embeddings: ModelEndpoint | undefined;
  rerank: ModelEndpoint | undefined;
  transcription: ModelEndpoint | undefined;
  history: { turns: number; ttlSeconds: number };
  turnLogMax: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  dataDir: string;
  knowledgeDir: string;
  promptsDir: string;
  trainerIds: number[];
  adminIds: number[];
  /** The HTTP server (dashboard, webhook, health); `undefined` when PORT is unset. */
  http: { port: number; host: string; publicUrl: string } | undefined;
  /** Seconds a dashboard sign-in link (sent by /dashboard) works. */
  dashboardLinkTtlSeconds: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | undefined;
  /** Webhook mode; `undefined` means long polling. */
  webhook: { url: string; path: string; secret: string } | undefined;
  /** Queue workers per process in webhook and worker-only mode (chats handled at once). */
  workerConcurrency: number;
  /**
   * Updates one long-polling process works on at once (grammY runner's sink); the rest wait at Telegram.
   * Bounded so a burst (a backlog after a restart, a class all asking at once) does not pull hundreds of
   * updates into memory, where they mostly wait behind their own chat and cost garbage collection.
   */
  pollingConcurrency: number;
  /** Per-user rate limit, daily budgets and token prices (admins override them at run time). */
  limits: {
    perMinute: number;
    burst: number;
    dailyQuestions: number;
    dailyTokens: number;
    /** Trainers' and admins' limits are these times the others'. */
    staffMultiplier: number;
    prices: { inputPerMillion: number; outputPerMillion: number; currency: string };
  };
}

/** A configuration mistake, worded for the person who set the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/**
 * Validates the environment and derives the config.
 *
 * @param env usually `process.env`
 * @param needs settings this command cannot run without (e.g. the bot token for `cunbo bot`)
 * @throws ConfigError naming every bad variable and what was expected
 */
export function loadConfig(env: NodeJS.ProcessEnv, needs: { telegramToken?: boolean } = {}): Config {
  const parsed = envSchema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const given = env[name];
        return `${name}: ${issue.message}${given === undefined ? '' : ` (got "${redact(name, given)}")`}`;
      }),
    );
  }
  const e = parsed.data;
  if (needs.telegramToken && !e.TELEGRAM_BOT_TOKEN) {
    throw new ConfigError([
      'TELEGRAM_BOT_TOKEN: required to run the Telegram bot; get one from @BotFather (or try `npm run chat` in a terminal)',
    ]);
  }
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    throw new ConfigError([
      'WEBHOOK_SECRET: required with WEBHOOK_URL, so the server can tell Telegram from strangers (16+ characters)',
    ]);
  }
  if (e.WEBHOOK_URL && e.PORT === undefined) {
    throw new ConfigError([
      'PORT: required with WEBHOOK_URL; the webhook is served by the HTTP server on PORT',
    ]);
  }
  const endpoint = (baseURL: string | undefined, apiKey: string | undefined, model: string | undefined) =>
    model && apiKey ? { baseURL: baseURL ?? e.OPENAI_BASE_URL, apiKey, model } : undefined;
  return {
    telegram: { token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    chat: e.OPENAI_API_KEY
      ? {
          baseURL: e.OPENAI_BASE_URL,
          apiKey: e.OPENAI_API_KEY,
          model: e.CHAT_MODEL,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxRetries: e.LLM_MAX_RETRIES,
        }
      : undefined,
    embeddings: endpoint(e.EMBEDDING_BASE_URL, e.EMBEDDING_API_KEY ?? e.OPENAI_API_KEY, e.EMBEDDING_MODEL),
    rerank: endpoint(e.RERANK_BASE_URL, e.RERANK_API_KEY ?? e.OPENAI_API_KEY, e.RERANK_MODEL),
    transcription: endpoint(undefined, e.OPENAI_API_KEY, e.TRANSCRIBE_MODEL),
    history: { turns: e.HISTORY_TURNS, ttlSeconds: e.HISTORY_TTL_DAYS * 86_400 },
    turnLogMax: e.TURN_LOG_MAX,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    knowledgeDir: e.KNOWLEDGE_DIR,
    promptsDir: e.PROMPTS_DIR,
    trainerIds: e.TRAINER_IDS,
    adminIds: e.ADMIN_IDS,
    http:
      e.PORT === undefined
        ? undefined
        : { port: e.PORT, host: e.HTTP_HOST, publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}` },
    dashboardLinkTtlSeconds: e.DASHBOARD_LINK_TTL_SECONDS,
    metricsToken: e.METRICS_TOKEN,
    webhook:
      e.WEBHOOK_URL && e.WEBHOOK_SECRET
        ? { url: e.WEBHOOK_URL, path: new URL(e.WEBHOOK_URL).pathname, secret: e.WEBHOOK_SECRET }
        : undefined,
    workerConcurrency: e.WORKER_CONCURRENCY,
    pollingConcurrency: e.POLLING_CONCURRENCY,
    limits: {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      burst: e.RATE_LIMIT_BURST,
      dailyQuestions: e.DAILY_QUESTION_LIMIT,
      dailyTokens: e.DAILY_TOKEN_LIMIT,
      staffMultiplier: e.STAFF_LIMIT_MULTIPLIER,
      prices: {
        inputPerMillion: e.TOKEN_PRICE_INPUT_PER_MILLION,
        outputPerMillion: e.TOKEN_PRICE_OUTPUT_PER_MILLION,
        currency: e.TOKEN_PRICE_CURRENCY,
      },
    },
  };
}

// An empty `FOO=` line in .env means "not set", as most people expect.
function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v?.trim() === '' ? undefined : v]));
}

function redact(name: string, value: string): string {
  return /TOKEN|KEY|SECRET/.test(name) ? '…' : value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
