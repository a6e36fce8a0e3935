/**
 * @module The Bot API's HTTP transport: keep-alive `http.request` behind the small part of `fetch` that
 * grammY uses, in place of grammY's default node-fetch.
 *
 * grammY POSTs a JSON string (or a multipart stream for uploads) and reads `res.json()`, whatever the
 * status. node-fetch's Request, Headers and Body objects around that were a quarter of the cost of a
 * sendMessage on the bot's hot path (see docs/benchmarks.md); this does the same request without them.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What grammY passes: method, headers, a string or stream body, an abort signal, an agent. */
interface BotApiRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | AsyncIterable<Uint8Array> | null;
  signal?: AbortSignal | null;
  agent?: HttpAgent;
}

/** What grammY reads back. */
export interface BotApiResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** A `fetch` for the Bot API, with one keep-alive agent per API root (`http:` or `https:`). */
export type BotApiFetch = (url: string | URL, init?: BotApiRequestInit) => Promise<BotApiResponse>;

/** Creates the transport. Requests reuse sockets: Telegram allows keep-alive, and loopback servers do. */
export function createBotApiFetch(): BotApiFetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true }),
  };
  return (url, init = {}) =>
    new Promise<BotApiResponse>((resolve, reject) => {
      const target = typeof url === 'string' ? new URL(url) : url;
      const secure = target.protocol === 'https:';
      const body = init.body;
      const whole = typeof body === 'string' || body instanceof Uint8Array;
      const request = (secure ? httpsRequest : httpRequest)(
        target,
        {
          method: init.method ?? 'GET',
          // A body sent whole gets its length: without it Node frames the request in chunks, several
          // writes where one does.
          headers: whole
            ? { ...init.headers, 'content-length': String(Buffer.byteLength(body)) }
            : init.headers,
          agent: init.agent ?? agents[secure ? 'https:' : 'http:'],
          signal: init.signal ?? undefined,
        },
        (response) => collect(response).then(resolve, reject),
      );
      request.on('error', reject);
      if (whole) request.end(body);
      else if (body === undefined || body === null) request.end();
      // Uploads: grammY streams multipart form data.
      else pipeline(Readable.from(body), request).catch(reject);
    });
}

function collect(response: IncomingMessage): Promise<BotApiResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', reject);
    response.on('close', () => {
      if (!response.complete) reject(new Error('the Bot API closed the response before it ended'));
    });
    response.on('end', () => {
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      const status = response.statusCode ?? 0;
      resolve({
        ok: status >= 200 && status < 300,
        status,
        json: async () => JSON.parse(text) as unknown,
        text: async () => text,
      });
    });
  });
}
