/**
 * @module Everything the fake Telegram remembers: the bot, chats, pending updates, files, recorded calls.
 */
import type { BotCommand, Update, User, UserFromGetMe } from 'grammy/types';
import { ChatStore, type KnownChat } from './chats.ts';
import { type ApiErrorBody, type InjectedFailure, injectedError } from './errors.ts';
import { type UpdateInput, UpdateQueue } from './updates.ts';

/** A file part of a multipart request. */
export interface UploadedFile {
  /** The form field, e.g. the random id behind grammY's `attach://<id>`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** The response the fake sent: `{ ok: true, result }` or Telegram's error body. */
export type ApiResponse = { ok: true; result: unknown } | ApiErrorBody;

/** One recorded Bot API request. */
export interface ApiCall {
  /** The method as the client spelled it, e.g. `sendMessage`; file downloads are recorded as `download`. */
  method: string;
  /** JSON body, or multipart fields (JSON-looking values parsed; files stay `attach://<field>`). */
  payload: Record<string, unknown>;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** The bot token in the URL. */
  token: string;
  /** Uploaded files of a multipart request. */
  files: UploadedFile[];
  /** Set once answered (a held `getUpdates` has none until then). */
  response?: ApiResponse;
}

/** A file `getFile` knows and the download route serves. */
export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  data: Buffer;
  file_name?: string;
  mime_type?: string;
}

/** The mutable state behind one fake server. */
export class FakeTelegram {
  /** What `getMe` answers. */
  readonly botInfo: UserFromGetMe;
  /** The bot as the `from` of its messages. */
  readonly botUser: User;
  readonly chats = new ChatStore();
  readonly updates = new UpdateQueue();
  readonly calls: ApiCall[] = [];
  readonly files = new Map<string, StoredFile>();
  /** `setMyCommands` lists by `JSON(scope)|language_code`. */
  readonly commands = new Map<string, BotCommand[]>();
  /** Callback and inline query ids the bot may still answer. */
  readonly openQueries = new Set<string>();
  /** The held `getUpdates` per token, so a second poller ends the first with 409 like Telegram. */
  readonly pollers = new Map<string, AbortController>();
  /** Called once by `close()`: ends pending `waitForMessage`/`waitForCall` waits. */
  readonly closeHooks = new Set<() => void>();
  webhook:
    | { url: string; max_connections?: number; allowed_updates?: string[]; secret_token?: string }
    | undefined;
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly callWaiters = new Set<(call: ApiCall) => void>();
  private counter = 0;

  /** @param botInfo overrides for the default bot (`@cunbo_test_bot`, id 7000000001) */
  constructor(botInfo: Partial<UserFromGetMe> = {}) {
    this.botInfo = {
      id: 7_000_000_001,
      is_bot: true,
      first_name: 'Cunbo Test',
      username: 'cunbo_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: true,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
      ...botInfo,
    };
    const { id, first_name, username } = this.botInfo;
    this.botUser = { id, is_bot: true, first_name, username };
  }

  /** A fresh number for ids (file ids, query ids). */
  nextId(): number {
    return ++this.counter;
  }

  /** Queues `failure` for the next `times` calls of `method` (case-insensitive). */
  failNext(method: string, failure: InjectedFailure, times: number): void {
    const key = method.toLowerCase();
    const queue = this.failures.get(key) ?? [];
    for (let n = 0; n < times; n++) queue.push(failure);
    this.failures.set(key, queue);
  }

  /** The injected failure for this call of `method`, if one is queued. */
  takeFailure(method: string): Error | undefined {
    const failure = this.failures.get(method.toLowerCase())?.shift();
    return failure && injectedError(failure);
  }

  /** Records a call and tells `waitForCall` listeners once it is answered. */
  record(call: ApiCall): void {
    this.calls.push(call);
  }

  /** Marks `call` answered. */
  answered(call: ApiCall, response: ApiResponse): void {
    call.response = response;
    for (const waiter of [...this.callWaiters]) waiter(call);
  }

  /** Calls `listener` for every answered call; returns the unsubscriber. */
  onAnswered(listener: (call: ApiCall) => void): () => void {
    this.callWaiters.add(listener);
    return () => this.callWaiters.delete(listener);
  }

  /** Queues an update after registering the chats, users, messages and query ids it mentions. */
  pushUpdate(input: UpdateInput, options?: { ignoreAllowed?: boolean }): Update {
    const message =
      input.message ?? input.edited_message ?? input.callback_query?.message ?? input.business_message;
    if (message && 'chat' in message && message.chat.type !== 'channel') {
      const chat = message.chat as KnownChat;
      this.chats.ensure(chat);
      if (input.message) input = { ...input, message: this.chats.addIncoming(input.message) };
    }
    if (input.callback_query) this.openQueries.add(input.callback_query.id);
    if (input.inline_query) this.openQueries.add(input.inline_query.id);
    return this.updates.push(input, options);
  }

  /** Ends held polls and pending waits. */
  close(): void {
    this.updates.close();
    for (const hook of [...this.closeHooks]) hook();
  }
}
