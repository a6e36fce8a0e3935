/**
 * Throughput benchmark: updates per second through the real Cunbo bot (grammY runner, Redis, offline
 * answering) against the loopback Bot API, next to a plain grammY echo bot run the same way (runner,
 * per-chat sequentialize) on the same updates, in the same run.
 *
 * Each bot runs in a fresh Node process of its own (`bench/throughput-process.ts`) with its own loopback
 * Bot API server in that process, as a deployed bot would run alone: sharing one process let each bot's
 * leftovers (V8's type feedback on the grammY, HTTP and server code both use, and the other's heap) slow the
 * other. In its process a bot answers `warmup` messages, then `rounds` timed runs of `messages` text
 * messages (dev-set questions) from `users` users; a run ends when every one has been answered: the echo
 * bot's single sendMessage, or Cunbo's final sendMessage (the one carrying the answer's buttons).
 *
 * Cunbo talks to the Bot API through its own transport (`src/channels/telegram/bot-api-fetch.ts`, undici
 * pools) where grammY's default is node-fetch, and works on at most `POLLING_CONCURRENCY` (64) updates at
 * once where the runner's default is 500. The target compares with the plain grammY echo bot, as the issue
 * defines it; a third row shows the echo bot with both of Cunbo's settings, so the share of the margin that
 * comes from them is in plain sight.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run, sequentialize } from '@grammyjs/runner';
import { Bot } from 'grammy';
import { z } from 'zod';
import { createBotApiFetch } from '../src/channels/telegram/bot-api-fetch.ts';
import { loadConfig } from '../src/config/config.ts';
import { type BotApiServer, startBotApiServer } from '../test/support/bot-api-server.ts';
import { printTable } from './stats.ts';
import { benchEnv, benchToken, countCalls, type DevQuestion, devQuestions, startBenchBot } from './world.ts';

/** Sizes of one throughput benchmark. */
export interface ThroughputOptions {
  /** Text messages per timed run (default 4,000). */
  messages?: number;
  /** Distinct users sending them (default 200). */
  users?: number;
  /**
   * Messages answered before the clock starts (default 12,000), by the same users: both bots run at their
   * steady pace. A short warm-up flatters Cunbo: the echo bot keeps speeding up for some 12,000 messages,
   * Cunbo levels off sooner (after 400, the echo bot's first runs were 40% slower than its later ones; after
   * 4,000, Cunbo measured 50-60% of an echo bot not yet at its pace, against ~45% at steady pace).
   */
  warmup?: number;
  /** Timed runs per bot process; the best one counts (default 3). */
  rounds?: number;
  /**
   * Processes per bot, interleaved (echo, reference, Cunbo, echo …), so a slow spell of a shared machine
   * does not fall on one bot alone (default 3).
   */
  passes?: number;
  /** Redis for Cunbo (default `REDIS_URL` or the local server). */
  redisUrl?: string;
}

/** The bots measured. */
export type ThroughputBot = 'echo' | 'echo-with-cunbo-settings' | 'cunbo';

/** What one bot process is asked to do. */
export type ThroughputSizes = Required<Omit<ThroughputOptions, 'passes'>>;

const throughputRunSchema = z.object({
  seconds: z.number(),
  updatesPerSecond: z.number(),
  /** CPU time of the bot's process (bot and loopback server, all threads) per update. */
  cpuMicrosPerUpdate: z.number(),
});

/** One timed run's figures. */
export type ThroughputRun = z.infer<typeof throughputRunSchema>;

/** What the throughput benchmark measured (each bot's best run). */
export interface ThroughputResult {
  messages: number;
  users: number;
  echo: ThroughputRun;
  /** The echo bot on Cunbo's Bot API transport and polling concurrency (reference; not the baseline). */
  echoWithCunboSettings: ThroughputRun;
  cunbo: ThroughputRun;
  /** Cunbo's updates/s over the echo bot's. */
  ratio: number;
}

/** A bot under test, started against `api`. */
interface RunningBot {
  /** Whether a sendMessage payload is the one that finishes an update. */
  isFinal(payload: Record<string, unknown>): boolean;
  stop(): Promise<void>;
}

async function startEcho(api: BotApiServer, withCunboSettings: boolean): Promise<RunningBot> {
  const transport = withCunboSettings ? createBotApiFetch() : undefined;
  const bot = new Bot(benchToken, {
    botInfo: api.botInfo,
    client: { apiRoot: api.apiRoot, ...(transport && { fetch: transport as unknown as typeof fetch }) },
  });
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.on('message:text', (ctx) => ctx.reply(ctx.message.text));
  const runner = run(bot, {
    runner: { fetch: { allowed_updates: ['message', 'callback_query', 'inline_query'] } },
    ...(withCunboSettings && { sink: { concurrency: loadConfig({}).pollingConcurrency } }),
  });
  return {
    isFinal: () => true,
    async stop() {
      await runner.stop();
      await transport?.close();
    },
  };
}

async function startCunbo(api: BotApiServer, redisUrl: string): Promise<RunningBot> {
  const bot = await startBenchBot(benchEnv(api, undefined, { redisUrl }));
  return {
    // The answer's last message carries its 👍/👎 buttons; only that one ends an update.
    isFinal: (payload) => payload.reply_markup !== undefined,
    stop: () => bot.stop(),
  };
}

/** Queues `count` messages from `people`, round robin, and resolves with the seconds until all are answered. */
async function drive(
  api: BotApiServer,
  bot: RunningBot,
  questions: readonly DevQuestion[],
  people: ReadonlyArray<ReturnType<BotApiServer['user']>>,
  count: number,
): Promise<number> {
  const done = countCalls(api, 'sendMessage', count, bot.isFinal);
  const start = performance.now();
  for (let i = 0; i < count; i++) people[i % people.length]!.send(questions[i % questions.length]!.question);
  await done;
  return (performance.now() - start) / 1_000;
}

/**
 * Measures `which` in this process: its own loopback Bot API server and bot, `warmup` messages, then
 * `rounds` timed runs. `bench/throughput-process.ts` calls this in a fresh process per bot.
 */
export async function measureInThisProcess(
  which: ThroughputBot,
  sizes: ThroughputSizes,
): Promise<ThroughputRun[]> {
  const questions = await devQuestions();
  const api = await startBotApiServer();
  const bot =
    which === 'cunbo' ? await startCunbo(api, sizes.redisUrl) : await startEcho(api, which !== 'echo');
  const people = Array.from({ length: sizes.users }, (_, i) =>
    api.user({ id: 1_000_000 + i, first_name: `Bench${i}`, language_code: i % 3 === 0 ? 'en' : 'zh' }),
  );
  try {
    await drive(api, bot, questions, people, sizes.warmup);
    const runs: ThroughputRun[] = [];
    for (let round = 0; round < sizes.rounds; round++) {
      const cpuBefore = process.cpuUsage();
      const seconds = await drive(api, bot, questions, people, sizes.messages);
      const cpu = process.cpuUsage(cpuBefore);
      runs.push({
        seconds,
        updatesPerSecond: sizes.messages / seconds,
        cpuMicrosPerUpdate: (cpu.user + cpu.system) / sizes.messages,
      });
    }
    return runs;
  } finally {
    await bot.stop();
    await api.close();
  }
}

/** Runs `which` in a fresh Node process and returns its timed runs. */
function measureInChildProcess(which: ThroughputBot, sizes: ThroughputSizes): Promise<ThroughputRun[]> {
  const entry = fileURLToPath(new URL('./throughput-process.ts', import.meta.url));
  const child = spawn(process.execPath, [entry, which, JSON.stringify(sizes)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      const runs =
        code === 0 && last.startsWith('[')
          ? z.array(throughputRunSchema).safeParse(JSON.parse(last))
          : undefined;
      if (runs?.success) resolve(runs.data);
      else reject(new Error(`throughput process for ${which} exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

/** Runs every bot, each in its own processes, and prints the table. */
export async function benchThroughput(options: ThroughputOptions = {}): Promise<ThroughputResult> {
  const sizes: ThroughputSizes = {
    messages: options.messages ?? 4_000,
    users: options.users ?? 200,
    warmup: options.warmup ?? 12_000,
    rounds: options.rounds ?? 3,
    redisUrl: options.redisUrl ?? (process.env.REDIS_URL || 'redis://127.0.0.1:6379'),
  };
  const passes = options.passes ?? 3;
  const bots: ThroughputBot[] = ['echo', 'echo-with-cunbo-settings', 'cunbo'];
  const best = new Map<ThroughputBot, ThroughputRun>();
  for (let pass = 0; pass < passes; pass++) {
    for (const which of bots) {
      for (const run of await measureInChildProcess(which, sizes)) {
        const sofar = best.get(which);
        if (!sofar || run.updatesPerSecond > sofar.updatesPerSecond) best.set(which, run);
      }
    }
  }
  const echo = best.get('echo')!;
  const echoWithCunboSettings = best.get('echo-with-cunbo-settings')!;
  const cunbo = best.get('cunbo')!;
  const ratio = cunbo.updatesPerSecond / echo.updatesPerSecond;
  const row = (name: string, run: ThroughputRun) => [
    name,
    run.seconds.toFixed(2),
    run.updatesPerSecond.toFixed(0),
    `${((run.updatesPerSecond / echo.updatesPerSecond) * 100).toFixed(0)}%`,
    run.cpuMicrosPerUpdate.toFixed(0),
  ];
  printTable(
    `Throughput (${sizes.messages} text messages from ${sizes.users} users after ${sizes.warmup} to warm up, long polling, loopback Bot API; each bot in its own process, best of ${passes * sizes.rounds} runs in ${passes})`,
    ['bot', 'seconds', 'updates/s', 'vs echo', 'CPU µs/update'],
    [
      row('grammY echo bot (baseline)', echo),
      row("echo bot with Cunbo's transport and concurrency (reference)", echoWithCunboSettings),
      row('Cunbo, offline answering + Redis', cunbo),
    ],
  );
  // CPU time says what each update costs whatever the clock did; a busy neighbour slows both columns.
  console.log(
    'CPU µs/update: CPU time of the bot process (bot, loopback Bot API server, all threads) per update in that run',
  );
  console.log(
    `target: Cunbo >= 50% of the echo bot — ${ratio >= 0.5 ? 'met' : 'NOT met'} (rate limits set to 100,000 so they never trigger)`,
  );
  return { messages: sizes.messages, users: sizes.users, echo, echoWithCunboSettings, cunbo, ratio };
}
