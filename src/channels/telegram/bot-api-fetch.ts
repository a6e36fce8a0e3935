/**
 * @module The Bot API's HTTP transport: undici connection pools behind the small part of `fetch` that grammY
 * uses, in place of grammY's default node-fetch.
 *
 * grammY POSTs a JSON string (or a multipart stream for uploads) and reads `res.json()`, whatever the
 * status. Every answer is one such call, and on the bot's hot path node-fetch's Request, Headers and Body
 * objects over `http.request` cost more than the rest of sending a message; an undici pool does the same
 * request for a fraction of that (docs/benchmarks.md).
 */
import type { Readable } from 'node:stream';
import { type Dispatcher, Pool } from 'undici';

/** What grammY passes: method, headers, a JSON string or (uploads) a multipart stream, an abort signal. */
interface BotApiRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | Readable | null;
  signal?: AbortSignal | null;
}

/** What grammY reads back. */
export interface BotApiResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** A `fetch` for the Bot API, and a way to close its connections. */
export interface BotApiFetch {
  (url: string | URL, init?: BotApiRequestInit): Promise<BotApiResponse>;
  /** Closes every pool (at shutdown); requests still running finish first. */
  close(): Promise<void>;
}

/**
 * Creates the transport: one keep-alive pool per API origin. grammY's own timeout and abort signal bound
 * each call (a long poll is held for up to its timeout), so the pools set no timeouts of their own.
 */
export function createBotApiFetch(): BotApiFetch {
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { headersTimeout: 0, bodyTimeout: 0 });
      pools.set(origin, pool);
    }
    return pool;
  };
  // grammY asks for the same few URLs (one per method) over and over: parse each once.
  const targets = new Map<string, { origin: string; path: string }>();
  const targetOf = (url: string | URL) => {
    const key = String(url);
    let target = targets.get(key);
    if (!target) {
      const parsed = new URL(key);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      if (targets.size >= 1_000) targets.clear();
      targets.set(key, target);
    }
    return target;
  };
  const fetch = async (url: string | URL, init: BotApiRequestInit = {}): Promise<BotApiResponse> => {
    const target = targetOf(url);
    const response = await poolFor(target.origin).request({
      path: target.path,
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body,
      signal: init.signal ?? undefined,
    });
    const text = await response.body.text();
    const status = response.statusCode;
    return {
      ok: status >= 200 && status < 300,
      status,
      json: async () => JSON.parse(text) as unknown,
      text: async () => text,
    };
  };
  return Object.assign(fetch, {
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      pools.clear();
    },
  });
}
