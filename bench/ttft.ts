/**
 * Time-to-first-visible-token benchmark: how much later the first words of a model answer appear in
 * Telegram than they leave the model.
 *
 * The loopback model server streams every answer after a fixed first-token delay. Per sample, (a) is the
 * model alone: an HTTP client reading the stream, from request to first content chunk; (b) is the bot: from
 * the user's update arriving at the loopback Bot API to the first call there that shows text (a
 * sendMessageDraft, or a sendMessage/editMessageText if no draft came first). The bot's overhead is
 * (b) - (a): long polling, Redis, retrieval, the prompt, LangChain, the draft request.
 */
import { startBotApiServer } from '../test/support/bot-api-server.ts';
import { startOpenAiServer } from '../test/support/openai-server.ts';
import { ms, percentile, printTable } from './stats.ts';
import { benchEnv, devQuestions, startBenchBot } from './world.ts';

/** Sizes of one TTFT run. */
export interface TtftOptions {
  /** Questions asked, one after another (default 20). */
  samples?: number;
  /** The model's own time to first token (default 250 ms). */
  firstTokenMs?: number;
  /** Questions asked first and not counted (JIT, connections; default 3). */
  warmup?: number;
  /**
   * How fast the model writes after its first token, in characters per second (default 40: about
   * 30 tokens/s of Chinese, a hosted model on a normal day). Anything the bot holds back costs this time.
   */
  charsPerSecond?: number;
  /** Redis for the bot (default `REDIS_URL` or the local server). */
  redisUrl?: string;
}

/** What the TTFT benchmark measured, in milliseconds. */
export interface TtftResult {
  samples: number;
  model: { p50: number; p95: number };
  bot: { p50: number; p95: number };
  overhead: { p50: number; p95: number };
}

const answerText =
  '开播前一到三小时发预告视频[1]，写清楚开播时间和福利。开播后先报价再讲产品，每十分钟重复一次福利，' +
  '有人进来就叫名字欢迎[2]。';

const visible = new Set(['sendmessagedraft', 'sendmessage', 'editmessagetext']);

/** Time from request to the first streamed content chunk, read straight from the model server. */
async function modelFirstToken(baseURL: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' },
    body: JSON.stringify({
      model: 'bench-chat',
      stream: true,
      messages: [{ role: 'user', content: '直播前要做啥准备？' }],
    }),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let first: number | undefined;
  while (first === undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    if (/"content":"[^"]/.test(buffered)) first = performance.now() - start;
  }
  await reader.cancel();
  if (first === undefined) throw new Error('the model server streamed no content');
  return first;
}

/** Runs the benchmark and prints the table. */
export async function benchTtft(options: TtftOptions = {}): Promise<TtftResult> {
  const samples = options.samples ?? 20;
  const firstTokenMs = options.firstTokenMs ?? 250;
  const warmup = options.warmup ?? 3;
  const charsPerSecond = options.charsPerSecond ?? 40;
  // Two characters a chunk, as a model streams a Chinese token or so at a time.
  const chunkDelayMs = Math.round(2_000 / charsPerSecond);
  const api = await startBotApiServer();
  const openai = await startOpenAiServer({
    // Chat answers stream after the fixed delay; structured requests (profile facts) get an empty object.
    handler: (request) =>
      request.stream ? { text: answerText, delayMs: firstTokenMs, chunkSize: 2, chunkDelayMs } : { json: {} },
  });
  const bot = await startBenchBot(benchEnv(api, openai, { redisUrl: options.redisUrl }));
  // Questions the knowledge base covers, so every sample goes to the model (others are answered offline).
  const questions = [];
  for (const question of await devQuestions()) {
    const grounded = await bot.app.knowledge.grounding.find(question.question, question.lang, []);
    if (grounded.covered && !grounded.decline) questions.push(question);
  }
  const model: number[] = [];
  const total: number[] = [];
  const overhead: number[] = [];
  try {
    for (let i = -warmup; i < samples; i++) {
      const a = await modelFirstToken(openai.baseURL);
      const user = api.user({ id: 3_000_000 + i, first_name: `TTFT${i}`, language_code: 'zh' });
      const from = api.calls.length;
      const firstVisible = new Promise<number>((resolve) => {
        const check = setInterval(() => {
          const call = api.calls
            .slice(from)
            .find(
              (c) =>
                visible.has(c.method.toLowerCase()) &&
                Number(c.payload.chat_id) === user.id &&
                String(c.payload.text ?? '').trim() !== '',
            );
          if (call) {
            clearInterval(check);
            resolve(call.at);
          }
        }, 1);
      });
      const question = questions[(i + questions.length) % questions.length]!;
      const answered = api.waitForCall('sendMessage', (c) => Number(c.payload.chat_id) === user.id, 30_000);
      const pushedAt = Date.now();
      user.send(question.question);
      const b = (await firstVisible) - pushedAt;
      await answered;
      if (i < 0) continue;
      model.push(a);
      total.push(b);
      overhead.push(b - a);
    }
  } finally {
    await bot.stop();
    await api.close();
    await openai.close();
  }
  const figures = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95) });
  const result: TtftResult = {
    samples,
    model: figures(model),
    bot: figures(total),
    overhead: figures(overhead),
  };
  printTable(
    `Time to first visible token (${samples} questions; the model's first token after ${firstTokenMs} ms, then ${charsPerSecond} chars/s; private chat drafts)`,
    ['measured', 'p50', 'p95'],
    [
      ['(a) model alone: request → first chunk', ms(result.model.p50), ms(result.model.p95)],
      ['(b) bot: update queued → first text in Telegram', ms(result.bot.p50), ms(result.bot.p95)],
      ['added by the bot: (b) - (a)', ms(result.overhead.p50), ms(result.overhead.p95)],
    ],
  );
  console.log(`target: the bot adds <= 150 ms (p95) — ${result.overhead.p95 <= 150 ? 'met' : 'NOT met'}`);
  return result;
}
