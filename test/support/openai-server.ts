/**
 * @module A fake OpenAI-compatible API on a loopback port: chat completions (JSON and SSE, tool calls),
 * embeddings, audio transcriptions and a Cohere-style rerank, with scripted faults.
 *
 * ```ts
 * const llm = await startOpenAiServer({ handler: (request) => `You said ${request.messages.length} things` });
 * const openai = new OpenAI({ apiKey: 'test', baseURL: llm.baseURL, maxRetries: 0 });
 * llm.setChatHandler(() => ({ status: 429, error: 'Slow down', retryAfter: 2 }));
 * await llm.close();
 * ```
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';
import { listenOnLoopback } from './listen.ts';

// === Public types

/** A chat-completions request body, as the client sent it. */
export type ChatRequest = ChatCompletionCreateParams;

/** Faults any handler may script. */
export interface Fault {
  /** An HTTP error status: answered as OpenAI does, `{ error: { message, type, code } }`. */
  status?: number;
  /** The error message; alone it means status 500. */
  error?: string;
  /** Overrides the error `type` (default derived from the status, e.g. `rate_limit_exceeded` → `requests`). */
  errorType?: string;
  /** Overrides the error `code`. */
  errorCode?: string;
  /** Seconds, sent as `retry-after` on 429 responses (default 1). */
  retryAfter?: number;
  /** Wait this long before the first byte. */
  delayMs?: number;
  /** Never answer; the connection is dropped by `close()` (or when the client gives up). */
  hang?: boolean;
}

/** A function call the fake model makes. */
export interface ToolCallReply {
  name: string;
  arguments: object;
}

/** What a chat handler answers: plain text, or a scripted reply. */
export type ChatReply =
  | string
  | (Fault & {
      text?: string;
      /** Serialised as the content (for `response_format` `json_schema` / `json_object`). */
      json?: unknown;
      /** A single tool call (the request must have `tools`). */
      toolCall?: ToolCallReply;
      /** Several parallel tool calls. */
      toolCalls?: ToolCallReply[];
      /** Characters per streamed chunk (default 4). */
      chunkSize?: number;
      /** Pause between streamed chunks. */
      chunkDelayMs?: number;
      /** Stream this many characters of content, then stall until `close()`. */
      stallAfterChars?: number;
      /** Defaults to `stop` (`tool_calls` with tool calls). */
      finishReason?: 'stop' | 'length' | 'content_filter';
      /** Defaults to ~4 characters per token. */
      usage?: { prompt_tokens: number; completion_tokens: number };
    });

/** Answers chat-completions requests. */
export type ChatHandler = (request: ChatRequest) => ChatReply | Promise<ChatReply>;

/** An embeddings request, with `input` normalised to a list. */
export interface EmbeddingsRequest {
  model: string;
  input: string[];
  dimensions: number;
}

/** Vectors (one per input), or a scripted reply. */
export type EmbeddingsReply = number[][] | (Fault & { embeddings?: number[][] });

/** Answers embeddings requests. */
export type EmbeddingsHandler = (request: EmbeddingsRequest) => EmbeddingsReply | Promise<EmbeddingsReply>;

/** The transcript of an upload, or a scripted reply. */
export type TranscriptionReply = string | (Fault & { text?: string });

/** Transcribes an uploaded audio file; `fields` are the other form fields (`model`, `language`, …). */
export type TranscriptionHandler = (
  file: Buffer,
  fields: Record<string, string>,
) => TranscriptionReply | Promise<TranscriptionReply>;

/** A Cohere-format rerank request. */
export interface RerankRequest {
  model: string;
  query: string;
  documents: string[];
  top_n?: number;
}

/** Relevance scores, one per document in request order, or a scripted reply. */
export type RerankReply = number[] | (Fault & { scores?: number[] });

/** Answers rerank requests. */
export type RerankHandler = (request: RerankRequest) => RerankReply | Promise<RerankReply>;

/** One recorded request. */
export interface OpenAiRequest {
  /** E.g. `/v1/chat/completions`. */
  path: string;
  /** Parsed JSON; for multipart uploads the text fields plus `file: { filename, size, contentType }`. */
  body: Record<string, unknown>;
  /** Lower-cased header names; `authorization` included. */
  headers: Record<string, string>;
  at: number;
  /** The HTTP status sent, once sent. */
  status?: number;
  /** True when the client hung up before the response ended (e.g. an aborted stream). */
  aborted: boolean;
}

/** Options of `startOpenAiServer`. */
export interface OpenAiServerOptions {
  /** The chat handler; default answers `defaultChatText`. */
  handler?: ChatHandler;
}

/** A running fake OpenAI API. */
export interface OpenAiServer {
  /** `http://127.0.0.1:<port>/v1`, for `new OpenAI({ baseURL })` or LangChain's `configuration.baseURL`. */
  readonly baseURL: string;
  /** Every request, in arrival order. */
  readonly requests: OpenAiRequest[];
  /** The bodies of the chat-completions requests so far. */
  chatRequests(): ChatRequest[];
  /** Replaces the chat handler; no argument restores the default. */
  setChatHandler(handler?: ChatHandler): void;
  /** Replaces the embeddings handler; no argument restores the default (`fakeEmbedding`). */
  setEmbeddingsHandler(handler?: EmbeddingsHandler): void;
  /** Sets what `/v1/audio/transcriptions` returns: fixed text, or a function of the upload. */
  setTranscription(transcription: string | TranscriptionHandler): void;
  /** Replaces the rerank handler; no argument restores term-overlap scoring. */
  setRerankHandler(handler?: RerankHandler): void;
  /** Drops hung and stalled responses and closes every connection. */
  close(): Promise<void>;
}

/** What the default chat handler answers. */
export const defaultChatText = 'Hello from the fake OpenAI server.';

/** What transcriptions return until `setTranscription` is called. */
export const defaultTranscription = 'fake transcription';

// === Server

/**
 * Starts a fake OpenAI API on 127.0.0.1 and a free port. Requests without `Authorization: Bearer …` get 401.
 *
 * @param options.handler the chat handler (default answers `defaultChatText`)
 */
export async function startOpenAiServer({ handler }: OpenAiServerOptions = {}): Promise<OpenAiServer> {
  const requests: OpenAiRequest[] = [];
  const closed = new AbortController();
  const handlers: Handlers = {
    chat: handler ?? (() => defaultChatText),
    embeddings: undefined,
    transcription: () => defaultTranscription,
    rerank: undefined,
  };
  const server = createServer((req, res) => {
    void route(req, res, { requests, handlers, closed: closed.signal }).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else if (!res.destroyed)
        sendError(res, { status: 500, error: `fake OpenAI server bug: ${String(error)}` });
    });
  });
  const port = await listenOnLoopback(server);
  let closing: Promise<void> | undefined;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () =>
      requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as unknown as ChatRequest),
    setChatHandler(next) {
      handlers.chat = next ?? (() => defaultChatText);
    },
    setEmbeddingsHandler(next) {
      handlers.embeddings = next;
    },
    setTranscription(transcription) {
      handlers.transcription = typeof transcription === 'string' ? () => transcription : transcription;
    },
    setRerankHandler(next) {
      handlers.rerank = next;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        closed.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

interface Handlers {
  chat: ChatHandler;
  embeddings: EmbeddingsHandler | undefined;
  transcription: TranscriptionHandler;
  rerank: RerankHandler | undefined;
}

interface RouteContext {
  requests: OpenAiRequest[];
  handlers: Handlers;
  /** Aborted by `close()`. */
  closed: AbortSignal;
}

async function route(req: IncomingMessage, res: ServerResponse, context: RouteContext): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
  const raw = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  const multipart = type.startsWith('multipart/form-data') ? await parseForm(raw, type) : undefined;
  const record: OpenAiRequest = {
    path,
    body: multipart?.record ?? parseJson(raw),
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : (value ?? ''),
      ]),
    ),
    at: Date.now(),
    aborted: false,
  };
  context.requests.push(record);
  res.on('close', () => {
    if (!res.writableEnded && !context.closed.aborted) record.aborted = true;
  });
  res.on('finish', () => {
    record.status = res.statusCode;
  });

  if (!/^Bearer \S+/.test(record.headers.authorization ?? '')) {
    sendError(res, {
      status: 401,
      error:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    });
    return;
  }
  const { handlers } = context;
  const method = req.method ?? 'GET';
  if (method === 'POST' && path === '/v1/chat/completions') {
    await chatCompletions(record.body as unknown as ChatRequest, res, handlers.chat, context.closed);
  } else if (method === 'POST' && path === '/v1/embeddings') {
    await embeddings(record.body, res, handlers.embeddings, context.closed);
  } else if (method === 'POST' && path === '/v1/audio/transcriptions' && multipart) {
    await transcriptions(multipart, res, handlers.transcription, context.closed);
  } else if (method === 'POST' && path === '/v1/rerank') {
    await rerank(record.body, res, handlers.rerank, context.closed);
  } else if (method === 'GET' && path === '/v1/models') {
    sendJson(res, 200, {
      object: 'list',
      data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }],
    });
  } else {
    sendError(res, { status: 404, error: `Invalid URL (${method} ${path})` });
  }
}

// === Chat completions

let completionCounter = 0;

async function chatCompletions(
  request: ChatRequest,
  res: ServerResponse,
  handler: ChatHandler,
  closed: AbortSignal,
): Promise<void> {
  if (!request.model) return sendError(res, { status: 400, error: 'you must provide a model parameter' });
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    return sendError(res, { status: 400, error: "[] is too short - 'messages'" });
  }
  let reply: Exclude<ChatReply, string>;
  try {
    const answer = await handler(request);
    reply = typeof answer === 'string' ? { text: answer } : answer;
  } catch (error) {
    return sendError(res, { status: 500, error: `chat handler threw: ${String(error)}` });
  }
  if (!(await applyFault(reply, res, closed))) return;

  const calls = reply.toolCalls ?? (reply.toolCall ? [reply.toolCall] : []);
  if (calls.length > 0 && !request.tools?.length) {
    return sendError(res, {
      status: 400,
      error: 'the fake model was scripted to call a tool, but the request has no tools',
    });
  }
  const content =
    reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? (calls.length > 0 ? null : ''));
  const n = ++completionCounter;
  const toolCalls: ChatCompletionMessageFunctionToolCall[] = calls.map((call, index) => ({
    id: `call_fake_${n}_${index}`,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
  const finishReason = toolCalls.length > 0 ? 'tool_calls' : (reply.finishReason ?? 'stop');
  const usage = usageFor(
    request,
    content ?? toolCalls.map((c) => c.function.arguments).join(''),
    reply.usage,
  );
  const base = { id: `chatcmpl-fake-${n}`, created: Math.floor(Date.now() / 1000), model: request.model };

  if (!request.stream) {
    if (reply.stallAfterChars !== undefined)
      return stall(res, closed, () => res.writeHead(200, jsonHeaders()).flushHeaders());
    const completion: ChatCompletion = {
      ...base,
      object: 'chat.completion',
      system_fingerprint: 'fp_fake',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content,
            refusal: null,
            ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
          },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage,
    };
    return sendJson(res, 200, completion);
  }

  const includeUsage = request.stream_options?.include_usage === true;
  const chunk = (
    delta: ChatCompletionChunk.Choice.Delta,
    finish: ChatCompletionChunk.Choice['finish_reason'] = null,
  ) => {
    const value: ChatCompletionChunk = {
      ...base,
      object: 'chat.completion.chunk',
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
    if (includeUsage) value.usage = null;
    return value;
  };
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-request-id': `req_fake_${n}`,
  });
  const size = Math.max(1, reply.chunkSize ?? 4);
  const write = async (value: unknown, paced: boolean): Promise<boolean> => {
    if (paced && reply.chunkDelayMs) await sleep(reply.chunkDelayMs, closed).catch(() => undefined);
    if (res.destroyed || closed.aborted) return false;
    res.write(`data: ${typeof value === 'string' ? value : JSON.stringify(value)}\n\n`);
    return true;
  };

  if (toolCalls.length > 0) {
    if (!(await write(chunk({ role: 'assistant', content: reply.text ?? null, refusal: null }), false)))
      return;
    for (const [index, call] of toolCalls.entries()) {
      const head = {
        index,
        id: call.id,
        type: 'function' as const,
        function: { name: call.function.name, arguments: '' },
      };
      if (!(await write(chunk({ tool_calls: [head] }), true))) return;
      for (const piece of pieces(call.function.arguments, size)) {
        if (!(await write(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }), true))) return;
      }
    }
  } else {
    if (!(await write(chunk({ role: 'assistant', content: '', refusal: null }), false))) return;
    let streamed = 0;
    for (const piece of pieces(content ?? '', size)) {
      if (reply.stallAfterChars !== undefined && streamed >= reply.stallAfterChars) return stall(res, closed);
      if (!(await write(chunk({ content: piece }), true))) return;
      streamed += [...piece].length;
    }
    if (reply.stallAfterChars !== undefined && streamed >= reply.stallAfterChars) return stall(res, closed);
  }
  if (!(await write(chunk({}, finishReason), true))) return;
  if (includeUsage && !(await write({ ...base, object: 'chat.completion.chunk', choices: [], usage }, false)))
    return;
  if (await write('[DONE]', false)) res.end();
}

function usageFor(
  request: ChatRequest,
  completion: string,
  given: { prompt_tokens: number; completion_tokens: number } | undefined,
): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const promptChars = request.messages.reduce(
    (sum, message) =>
      sum +
      (typeof message.content === 'string' ? message.content : JSON.stringify(message.content ?? '')).length,
    0,
  );
  const prompt_tokens = given?.prompt_tokens ?? Math.max(1, Math.ceil(promptChars / 4));
  const completion_tokens = given?.completion_tokens ?? Math.max(1, Math.ceil(completion.length / 4));
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/** Splits by code points, so no chunk ends inside a surrogate pair. */
function pieces(text: string, size: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

// === Embeddings

/**
 * The default embedding: hashed character bigrams (with start/end markers) of the lower-cased text, counted
 * into `dimensions` buckets and L2-normalised. Deterministic, and similar texts get similar vectors.
 */
export function fakeEmbedding(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const chars = ['\u0002', ...text.toLowerCase(), '\u0003'];
  for (let i = 0; i + 1 < chars.length; i++) {
    const bucket = fnv1a(`${chars[i]}${chars[i + 1]}`) % dimensions;
    vector[bucket] = (vector[bucket] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

async function embeddings(
  body: Record<string, unknown>,
  res: ServerResponse,
  handler: EmbeddingsHandler | undefined,
  closed: AbortSignal,
): Promise<void> {
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  const invalid =
    "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";
  if (
    !Array.isArray(input) ||
    input.length === 0 ||
    input.some((item) => typeof item !== 'string' || item === '')
  ) {
    return sendError(res, { status: 400, error: invalid });
  }
  const texts = input as string[];
  const request: EmbeddingsRequest = {
    model: String(body.model ?? ''),
    input: texts,
    dimensions: typeof body.dimensions === 'number' ? body.dimensions : 64,
  };
  let reply: Exclude<EmbeddingsReply, number[][]>;
  try {
    const answer = handler
      ? await handler(request)
      : texts.map((text) => fakeEmbedding(text, request.dimensions));
    reply = Array.isArray(answer) ? { embeddings: answer } : answer;
  } catch (error) {
    return sendError(res, { status: 500, error: `embeddings handler threw: ${String(error)}` });
  }
  if (!(await applyFault(reply, res, closed))) return;
  const vectors = reply.embeddings ?? texts.map((text) => fakeEmbedding(text, request.dimensions));
  const base64 = body.encoding_format === 'base64';
  const tokens = texts.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
  sendJson(res, 200, {
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
    })),
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

// === Audio transcriptions

interface ParsedForm {
  fields: Record<string, string>;
  file: { filename: string; contentType: string; data: Buffer } | undefined;
  /** What the request log shows. */
  record: Record<string, unknown>;
}

async function transcriptions(
  form: ParsedForm,
  res: ServerResponse,
  handler: TranscriptionHandler,
  closed: AbortSignal,
): Promise<void> {
  if (!form.file) return sendError(res, { status: 400, error: "Missing required parameter: 'file'." });
  if (!form.fields.model)
    return sendError(res, { status: 400, error: "Missing required parameter: 'model'." });
  let reply: Exclude<TranscriptionReply, string>;
  try {
    const answer = await handler(form.file.data, form.fields);
    reply = typeof answer === 'string' ? { text: answer } : answer;
  } catch (error) {
    return sendError(res, { status: 500, error: `transcription handler threw: ${String(error)}` });
  }
  if (!(await applyFault(reply, res, closed))) return;
  const text = reply.text ?? '';
  switch (form.fields.response_format) {
    case 'text':
    case 'srt':
    case 'vtt':
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
      return;
    case 'verbose_json':
      return sendJson(res, 200, {
        task: 'transcribe',
        language: form.fields.language ?? 'chinese',
        duration: 1,
        text,
        segments: [],
      });
    default:
      return sendJson(res, 200, { text, usage: { type: 'duration', seconds: 1 } });
  }
}

// === Rerank

async function rerank(
  body: Record<string, unknown>,
  res: ServerResponse,
  handler: RerankHandler | undefined,
  closed: AbortSignal,
): Promise<void> {
  if (typeof body.query !== 'string' || !Array.isArray(body.documents)) {
    return sendError(res, {
      status: 400,
      error: 'invalid request: query (string) and documents (array) are required',
    });
  }
  const documents = (body.documents as unknown[]).map((doc) =>
    typeof doc === 'string' ? doc : String((doc as { text?: unknown })?.text ?? ''),
  );
  const request: RerankRequest = { model: String(body.model ?? ''), query: body.query, documents };
  if (typeof body.top_n === 'number') request.top_n = body.top_n;
  let reply: Exclude<RerankReply, number[]>;
  try {
    const answer = handler
      ? await handler(request)
      : documents.map((doc) => overlapScore(request.query, doc));
    reply = Array.isArray(answer) ? { scores: answer } : answer;
  } catch (error) {
    return sendError(res, { status: 500, error: `rerank handler threw: ${String(error)}` });
  }
  if (!(await applyFault(reply, res, closed))) return;
  const scores = reply.scores ?? documents.map((doc) => overlapScore(request.query, doc));
  const ranked = scores
    .map((relevance_score, index) => ({ index, relevance_score }))
    .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
    .slice(0, request.top_n ?? documents.length)
    .map((result) =>
      body.return_documents ? { ...result, document: { text: documents[result.index] } } : result,
    );
  sendJson(res, 200, {
    id: `rerank-fake-${++completionCounter}`,
    results: ranked,
    meta: { api_version: { version: '2' }, billed_units: { search_units: 1 } },
  });
}

/** Share of the query's distinct terms found in the document (Han characters count as single terms). */
function overlapScore(query: string, document: string): number {
  const terms = (text: string) =>
    new Set(
      text
        .toLowerCase()
        .replace(/(\p{Script=Han})/gu, ' $1 ')
        .match(/[\p{L}\p{N}]+/gu) ?? [],
    );
  const wanted = terms(query);
  if (wanted.size === 0) return 0;
  const present = terms(document);
  let hits = 0;
  for (const term of wanted) if (present.has(term)) hits++;
  return Math.round((hits / wanted.size) * 1e6) / 1e6;
}

// === Faults and HTTP helpers

/** Waits `delayMs`, then answers errors and hangs. Returns true when the caller should send the reply. */
async function applyFault(fault: Fault, res: ServerResponse, closed: AbortSignal): Promise<boolean> {
  if (fault.delayMs) {
    try {
      await sleep(fault.delayMs, closed, res);
    } catch {
      res.destroy();
      return false;
    }
  }
  if (res.destroyed) return false;
  if (fault.hang) {
    await stall(res, closed);
    return false;
  }
  if (fault.status !== undefined && fault.status >= 400) {
    sendError(res, fault);
    return false;
  }
  if (fault.error !== undefined) {
    sendError(res, { ...fault, status: fault.status ?? 500 });
    return false;
  }
  return true;
}

/** Sends nothing more until the server closes or the client leaves, then drops the connection. */
async function stall(res: ServerResponse, closed: AbortSignal, before?: () => void): Promise<void> {
  before?.();
  await sleep(Number.POSITIVE_INFINITY, closed, res).catch(() => undefined);
  res.destroy();
}

function sendError(res: ServerResponse, fault: Fault): void {
  const status = fault.status ?? 500;
  const defaults = errorDefaults(status);
  const headers: Record<string, string> = jsonHeaders();
  if (status === 429) headers['retry-after'] = String(fault.retryAfter ?? 1);
  const body = JSON.stringify({
    error: {
      message: fault.error ?? defaults.message,
      type: fault.errorType ?? defaults.type,
      param: null,
      code: fault.errorCode ?? defaults.code,
    },
  });
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function errorDefaults(status: number): { message: string; type: string; code: string | null } {
  if (status === 401)
    return { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' };
  if (status === 404)
    return { message: 'The model does not exist.', type: 'invalid_request_error', code: 'model_not_found' };
  if (status === 429)
    return { message: 'Rate limit reached.', type: 'requests', code: 'rate_limit_exceeded' };
  if (status >= 500)
    return {
      message: 'The server had an error while processing your request.',
      type: 'server_error',
      code: null,
    };
  return { message: 'Invalid request.', type: 'invalid_request_error', code: null };
}

let requestCounter = 0;

function jsonHeaders(): Record<string, string> {
  return { 'content-type': 'application/json', 'x-request-id': `req_fake_${++requestCounter}` };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...jsonHeaders(), 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { value };
  } catch {
    return { raw: raw.toString('utf8') };
  }
}

async function parseForm(raw: Buffer, contentType: string): Promise<ParsedForm> {
  const form = await new Request('http://fake.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(raw),
  }).formData();
  const fields: Record<string, string> = {};
  let file: ParsedForm['file'];
  for (const [name, value] of form) {
    if (typeof value === 'string') fields[name] = value;
    else if (name === 'file') {
      file = { filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) };
    }
  }
  const record: Record<string, unknown> = { ...fields };
  if (file) record.file = { filename: file.filename, size: file.data.length, contentType: file.contentType };
  return { fields, file, record };
}

/**
 * Resolves after `ms` (never, for Infinity); rejects when the server closes or, if given, the client leaves.
 */
function sleep(ms: number, closed: AbortSignal, res?: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    if (closed.aborted || res?.destroyed) return reject(new Error('closed'));
    const done = (outcome: () => void) => {
      clearTimeout(timer);
      closed.removeEventListener('abort', onClose);
      res?.off('close', onClose);
      outcome();
    };
    const onClose = () => done(() => reject(new Error('closed')));
    const timer = Number.isFinite(ms) ? setTimeout(() => done(resolve), ms) : undefined;
    closed.addEventListener('abort', onClose);
    res?.on('close', onClose);
  });
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
