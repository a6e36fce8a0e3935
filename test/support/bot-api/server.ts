/**
 * @module A fake Telegram Bot API on a loopback port, for running the real bot over real HTTP in tests.
 *
 * ```ts
 * const telegram = await startBotApiServer();
 * const bot = new Bot('123:test', { client: { apiRoot: telegram.apiRoot } });
 * bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.msg.text}`));
 * void bot.start();
 * const ann = telegram.user({ id: 42, first_name: 'Ann' });
 * ann.send('hi');
 * expect((await ann.waitForMessage()).text).toBe('echo: hi');
 * await bot.stop();
 * await telegram.close();
 * ```
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Update, UserFromGetMe } from 'grammy/types';
import { listenOnLoopback } from '../listen.ts';
import { ApiError, type InjectedFailure } from './errors.ts';
import { methods } from './methods.ts';
import { parseMultipart } from './multipart.ts';
import { type ApiCall, type ApiResponse, FakeTelegram, type UploadedFile } from './state.ts';
import type { UpdateInput } from './updates.ts';
import { type GroupProfile, SimGroup, SimUser, type UserProfile } from './users.ts';
import { type WebhookDelivery, WebhookSender } from './webhook.ts';

/** Options of `startBotApiServer`. */
export interface BotApiServerOptions {
  /** Overrides for the bot `getMe` describes (default `@cunbo_test_bot`, id 7000000001). */
  botInfo?: Partial<UserFromGetMe>;
}

/** A running fake Bot API. Any token is accepted; all tokens share one bot and one update queue. */
export interface BotApiServer {
  /** `http://127.0.0.1:<port>`, for `new Bot(token, { client: { apiRoot } })`. No trailing slash. */
  readonly apiRoot: string;
  /** What `getMe` answers; pass it as `new Bot(token, { botInfo })` to skip the `getMe` call. */
  readonly botInfo: UserFromGetMe;
  /** Every request, in arrival order, with the response once answered. */
  readonly calls: ApiCall[];
  /** Recorded calls of `method` (case-insensitive), optionally only those for `chatId`. */
  callsTo(method: string, chatId?: number): ApiCall[];
  /**
   * Resolves with the first call of `method` answered after this call (and matching `predicate`).
   *
   * @param timeoutMs rejects after this long (default 5000)
   */
  waitForCall(method: string, predicate?: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall>;
  /** A simulated user with a private chat with the bot. */
  user(profile: UserProfile): SimUser;
  /** A simulated group (negative id) the bot is a member of. */
  group(profile: GroupProfile): SimGroup;
  /**
   * Queues any update; its `update_id` is assigned (monotonic) and chats, messages, query ids it names are
   * registered. `ignoreAllowed` delivers it even when `allowed_updates` excludes its type.
   */
  pushUpdate(update: UpdateInput, options?: { ignoreAllowed?: boolean }): Update;
  /** Makes the next `times` calls of `method` fail; a 429 carries `parameters.retry_after`. */
  failNext(method: string, failure: InjectedFailure, times?: number): void;
  /** Makes a file known to `getFile` and downloadable at `${apiRoot}/file/bot<token>/<filePath>`. */
  addFile(fileId: string, data: Buffer, filePath: string): void;
  /**
   * While a webhook is set, POSTs pending updates to `urls` in turn (stand-ins for the https URL, like a
   * load balancer), with the secret token; per chat in order, retried until a 2xx (see `bot-api/webhook.ts`).
   */
  deliverWebhooksTo(urls: readonly string[]): void;
  /** POSTs an already delivered update once more (Telegram's duplicate delivery); resolves with the status. */
  redeliver(update: Update): Promise<number | 'error'>;
  /** Every webhook POST attempt so far. */
  readonly webhookDeliveries: readonly WebhookDelivery[];
  /** Answers held `getUpdates` with `[]`, rejects pending waits, closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts a fake Telegram Bot API on 127.0.0.1 and a free port.
 *
 * @param options.botInfo overrides for the bot's `getMe`
 */
export async function startBotApiServer({ botInfo }: BotApiServerOptions = {}): Promise<BotApiServer> {
  const state = new FakeTelegram(botInfo);
  const inflight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handling = handle(state, req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, {
          ok: false,
          error_code: 500,
          description: `Internal Server Error: ${String(error)}`,
        });
      }
    });
    inflight.add(handling);
    void handling.finally(() => inflight.delete(handling));
  });
  const port = await listenOnLoopback(server);
  const webhooks = new WebhookSender(state);
  let closing: Promise<void> | undefined;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    botInfo: state.botInfo,
    calls: state.calls,
    callsTo(method, chatId) {
      const name = method.toLowerCase();
      return state.calls.filter(
        (call) =>
          call.method.toLowerCase() === name &&
          (chatId === undefined || Number(call.payload.chat_id) === chatId),
      );
    },
    waitForCall(method, predicate, timeoutMs = 5000) {
      const name = method.toLowerCase();
      return new Promise((resolve, reject) => {
        const finish = (outcome: () => void) => {
          clearTimeout(timer);
          unsubscribe();
          state.closeHooks.delete(onClose);
          outcome();
        };
        const unsubscribe = state.onAnswered((call) => {
          if (call.method.toLowerCase() !== name) return;
          try {
            if (!predicate || predicate(call)) finish(() => resolve(call));
          } catch (error) {
            finish(() => reject(error));
          }
        });
        const timer = setTimeout(() => {
          const seen = state.calls.filter((call) => call.method.toLowerCase() === name).length;
          finish(() =>
            reject(new Error(`waitForCall: no ${method} call within ${timeoutMs} ms (${seen} before)`)),
          );
        }, timeoutMs);
        const onClose = () => finish(() => reject(new Error('waitForCall: the fake Bot API server closed')));
        state.closeHooks.add(onClose);
      });
    },
    user: (profile) => new SimUser(state, profile),
    group: (profile) => new SimGroup(state, profile),
    pushUpdate: (update, options) => state.pushUpdate(update, options),
    failNext: (method, failure, times = 1) => state.failNext(method, failure, times),
    deliverWebhooksTo: (urls) => webhooks.deliverTo(urls),
    redeliver: (update) => webhooks.redeliver(update),
    webhookDeliveries: webhooks.deliveries,
    addFile(fileId, data, filePath) {
      state.files.set(fileId, { file_id: fileId, file_unique_id: `u-${fileId}`, file_path: filePath, data });
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        state.close();
        // Let released polls write their `[]` before the sockets go.
        await Promise.race([Promise.allSettled([...inflight]), delay(500)]);
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

// === HTTP

async function handle(state: FakeTelegram, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
  if (download && (req.method === 'GET' || req.method === 'HEAD')) {
    serveFile(state, download[1]!, decodeURIComponent(download[2]!), res);
    return;
  }
  const route = /^\/bot([^/]+)\/([A-Za-z0-9_]+)$/.exec(url.pathname);
  if (!route) {
    sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    return;
  }
  const [, token, method] = route as unknown as [string, string, string];
  let parsed: { payload: Record<string, unknown>; files: UploadedFile[] };
  try {
    parsed = await readPayload(req, url);
  } catch {
    if (!res.destroyed)
      sendJson(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse request" });
    return;
  }
  const call: ApiCall = { method, payload: parsed.payload, at: Date.now(), token, files: parsed.files };
  state.record(call);

  // A client that hangs up (grammY's bot.stop() aborting a long poll) ends the call.
  const hangUp = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) hangUp.abort();
  });

  let status = 200;
  let response: ApiResponse;
  try {
    const injected = state.takeFailure(method);
    if (injected) throw injected;
    const implementation = methods.get(method.toLowerCase());
    if (!implementation) throw new ApiError(404, 'Not Found: method not found');
    const files = new Map(parsed.files.map((file) => [file.field, file]));
    const result = await implementation({
      state,
      payload: parsed.payload,
      files,
      token,
      signal: hangUp.signal,
    });
    response = { ok: true, result };
  } catch (error) {
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(500, `Internal Server Error: fake Bot API bug: ${String(error)}`);
    status = apiError.errorCode;
    response = apiError.toBody();
  }
  state.answered(call, response);
  // Once closing, don't let a still-running bot re-poll over the kept-alive socket.
  if (state.updates.isClosed) res.setHeader('connection', 'close');
  if (!res.destroyed) sendJson(res, status, response);
}

function serveFile(state: FakeTelegram, token: string, filePath: string, res: ServerResponse): void {
  const file = [...state.files.values()].find((f) => f.file_path === filePath);
  const call: ApiCall = {
    method: 'download',
    payload: { file_path: filePath },
    at: Date.now(),
    token,
    files: [],
  };
  state.record(call);
  if (!file) {
    const body = { ok: false as const, error_code: 404, description: 'Not Found' };
    state.answered(call, body);
    sendJson(res, 404, body);
    return;
  }
  state.answered(call, { ok: true, result: { file_size: file.data.length } });
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.data.length });
  res.end(file.data);
}

/** Reads a JSON, urlencoded or multipart body, merged over the query string. */
async function readPayload(
  req: IncomingMessage,
  url: URL,
): Promise<{ payload: Record<string, unknown>; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const payload: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) payload[key] = fieldValue(value);
  const files: UploadedFile[] = [];
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) return { payload, files };
  if (type.startsWith('application/json')) {
    Object.assign(payload, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) payload[key] = fieldValue(value);
  } else if (type.startsWith('multipart/form-data')) {
    for (const part of parseMultipart(body, type)) {
      if (part.filename === undefined) payload[part.name] = fieldValue(part.data.toString('utf8'));
      else {
        files.push({
          field: part.name,
          filename: part.filename,
          contentType: part.contentType ?? 'application/octet-stream',
          data: part.data,
        });
      }
    }
  }
  return { payload, files };
}

/** grammY sends objects in form fields as JSON strings; everything else stays a string, as Telegram sees it. */
function fieldValue(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
