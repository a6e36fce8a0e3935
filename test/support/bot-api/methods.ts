/**
 * @module The Bot API methods the fake implements, each validating its payload the way Telegram does.
 */
import type {
  BotCommand,
  Document,
  File,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  MessageEntity,
  PhotoSize,
} from 'grammy/types';
import type { ChatMessage, ChatRecord } from './chats.ts';
import { ApiError, badRequest } from './errors.ts';
import { type FormattedText, parseHtml, trimFormatted } from './html.ts';
import type { FakeTelegram, StoredFile, UploadedFile } from './state.ts';

/** One incoming call, as a method sees it. */
export interface MethodRequest {
  state: FakeTelegram;
  payload: Record<string, unknown>;
  /** Uploaded files by form field. */
  files: Map<string, UploadedFile>;
  token: string;
  /** Aborted when the client hangs up (ends a held `getUpdates`). */
  signal: AbortSignal;
}

/** A method implementation: returns `result`, or throws `ApiError`. */
export type Method = (request: MethodRequest) => unknown;

const textLimit = 4096;
const captionLimit = 1024;
const chatActions = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

// === Updates and webhooks

async function getUpdates({ state, payload, token, signal }: MethodRequest): Promise<unknown> {
  if (state.webhook) {
    throw new ApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  // Telegram ends an older held poll of the same bot when a new one arrives.
  state.pollers
    .get(token)
    ?.abort(
      new ApiError(
        409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      ),
    );
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal.addEventListener('abort', onAbort);
  state.pollers.set(token, controller);
  try {
    state.updates.setAllowed(optionalList(payload.allowed_updates));
    const updates = await state.updates.poll({
      offset: optionalNumber(payload.offset),
      limit: Math.min(100, Math.max(1, optionalNumber(payload.limit) ?? 100)),
      timeoutMs: Math.max(0, optionalNumber(payload.timeout) ?? 0) * 1000,
      signal: controller.signal,
    });
    if (controller.signal.reason instanceof ApiError) throw controller.signal.reason;
    return updates;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (state.pollers.get(token) === controller) state.pollers.delete(token);
  }
}

function setWebhook({ state, payload }: MethodRequest): true {
  const url = String(payload.url ?? '');
  if (payload.drop_pending_updates === true || payload.drop_pending_updates === 'true') state.updates.clear();
  if (url === '') {
    state.webhook = undefined;
    return true;
  }
  if (!url.startsWith('https://')) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  const allowed = optionalList(payload.allowed_updates);
  state.updates.setAllowed(allowed);
  state.webhook = { url, max_connections: optionalNumber(payload.max_connections) ?? 40 };
  if (allowed) state.webhook.allowed_updates = allowed;
  if (typeof payload.secret_token === 'string') state.webhook.secret_token = payload.secret_token;
  return true;
}

function deleteWebhook({ state, payload }: MethodRequest): true {
  if (payload.drop_pending_updates === true || payload.drop_pending_updates === 'true') state.updates.clear();
  state.webhook = undefined;
  return true;
}

function getWebhookInfo({ state }: MethodRequest): unknown {
  return {
    url: state.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: state.updates.size,
    ...(state.webhook && { max_connections: state.webhook.max_connections }),
    ...(state.webhook?.allowed_updates && { allowed_updates: state.webhook.allowed_updates }),
  };
}

// === Commands

function commandsKey(payload: Record<string, unknown>): string {
  return `${JSON.stringify(payload.scope ?? { type: 'default' })}|${String(payload.language_code ?? '')}`;
}

function setMyCommands({ state, payload }: MethodRequest): true {
  const commands = payload.commands;
  if (!Array.isArray(commands)) throw badRequest('commands must be an array');
  if (commands.length > 100) throw badRequest('too many commands');
  for (const entry of commands as Partial<BotCommand>[]) {
    if (typeof entry.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(entry.command)) {
      throw badRequest('BOT_COMMAND_INVALID');
    }
    const description = typeof entry.description === 'string' ? entry.description.trim() : '';
    if (description.length === 0 || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
  }
  state.commands.set(commandsKey(payload), commands as BotCommand[]);
  return true;
}

function getMyCommands({ state, payload }: MethodRequest): BotCommand[] {
  return state.commands.get(commandsKey(payload)) ?? [];
}

function deleteMyCommands({ state, payload }: MethodRequest): true {
  state.commands.delete(commandsKey(payload));
  return true;
}

// === Messages

function sendMessage({ state, payload }: MethodRequest): ChatMessage {
  const record = state.chats.resolve(payload.chat_id);
  const formatted = formatText(payload.text, payload.parse_mode, payload.entities, 'text');
  return state.chats.addOutgoing(record, {
    ...messageBase(state, record, payload),
    text: formatted.text,
    ...(formatted.entities.length > 0 && { entities: formatted.entities }),
  });
}

function editMessageText({ state, payload }: MethodRequest): ChatMessage | true {
  const formatted = formatText(payload.text, payload.parse_mode, payload.entities, 'text');
  const markup = inlineKeyboard(payload.reply_markup);
  if (payload.inline_message_id !== undefined) return true;
  const record = state.chats.resolve(payload.chat_id);
  const current = state.chats.botMessage(record, payload.message_id, 'edit');
  if (current.text === undefined) throw badRequest('there is no text in the message to edit');
  // Like Telegram: an edit without reply_markup removes the inline keyboard.
  const { entities: _entities, reply_markup: _markup, ...rest } = current;
  const edited = {
    ...rest,
    text: formatted.text,
    ...(formatted.entities.length > 0 && { entities: formatted.entities }),
    ...(markup && { reply_markup: markup }),
  } as ChatMessage;
  assertModified(current, edited);
  return state.chats.replace(record, { ...edited, edit_date: unixNow() });
}

function editMessageReplyMarkup({ state, payload }: MethodRequest): ChatMessage | true {
  const markup = inlineKeyboard(payload.reply_markup);
  if (payload.inline_message_id !== undefined) return true;
  const record = state.chats.resolve(payload.chat_id);
  const current = state.chats.botMessage(record, payload.message_id, 'edit');
  const { reply_markup: _markup, ...rest } = current;
  const edited = { ...rest, ...(markup && { reply_markup: markup }) } as ChatMessage;
  assertModified(current, edited);
  return state.chats.replace(record, { ...edited, edit_date: unixNow() });
}

function deleteMessage({ state, payload }: MethodRequest): true {
  const record = state.chats.resolve(payload.chat_id);
  state.chats.remove(record, state.chats.botMessage(record, payload.message_id, 'delete'));
  return true;
}

function deleteMessages({ state, payload }: MethodRequest): true {
  const record = state.chats.resolve(payload.chat_id);
  const ids = Array.isArray(payload.message_ids) ? payload.message_ids : [];
  if (ids.length === 0 || ids.length > 100) throw badRequest('message_ids must contain 1-100 identifiers');
  for (const id of ids) {
    const message = record.messages.get(Number(id));
    if (message && !record.deleted.has(message.message_id)) state.chats.remove(record, message);
  }
  return true;
}

function sendMessageDraft({ state, payload }: MethodRequest): true {
  // Drafts exist only in private chats; groups and channels have negative ids.
  if (Number(payload.chat_id) < 0) throw badRequest('TEXTDRAFT_PEER_INVALID');
  const record = state.chats.resolve(payload.chat_id);
  if (record.chat.type !== 'private') throw badRequest('TEXTDRAFT_PEER_INVALID');
  if (!optionalNumber(payload.draft_id)) throw badRequest('draft_id must be non-zero');
  // Empty text is allowed: it shows a "Thinking…" placeholder.
  formatText(payload.text ?? '', payload.parse_mode, payload.entities, 'draft');
  record.drafts.push(payload);
  return true;
}

function sendChatAction({ state, payload }: MethodRequest): true {
  state.chats.resolve(payload.chat_id);
  if (typeof payload.action !== 'string' || !chatActions.has(payload.action)) {
    throw badRequest('wrong parameter action in request');
  }
  return true;
}

// === Queries

function answerQuery({ state, payload }: MethodRequest, idField: string): true {
  const id = String(payload[idField] ?? '');
  if (!state.openQueries.has(id)) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  state.openQueries.delete(id);
  return true;
}

// === Files

function sendDocument(request: MethodRequest): ChatMessage {
  const { state, payload } = request;
  const record = state.chats.resolve(payload.chat_id);
  const file = resolveInputFile(request, 'document', 'documents', 'file.bin');
  const caption = formatCaption(payload);
  const document: Document = {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.data.length,
    ...(file.file_name && { file_name: file.file_name }),
    ...(file.mime_type && { mime_type: file.mime_type }),
  };
  return state.chats.addOutgoing(record, { ...messageBase(state, record, payload), document, ...caption });
}

function sendPhoto(request: MethodRequest): ChatMessage {
  const { state, payload } = request;
  const record = state.chats.resolve(payload.chat_id);
  const file = resolveInputFile(request, 'photo', 'photos', 'photo.jpg');
  const photo: PhotoSize[] = [
    { file_id: `${file.file_id}-s`, file_unique_id: `${file.file_unique_id}-s`, width: 90, height: 90 },
    {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      width: 800,
      height: 800,
      file_size: file.data.length,
    },
  ];
  return state.chats.addOutgoing(record, {
    ...messageBase(state, record, payload),
    photo,
    ...formatCaption(payload),
  });
}

function getFile({ state, payload }: MethodRequest): File {
  const file = state.files.get(String(payload.file_id ?? ''));
  if (!file) throw badRequest('invalid file_id');
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.data.length,
    file_path: file.file_path,
  };
}

/**
 * The file behind `payload[field]`: an upload (`attach://<id>`), a known `file_id`, or a URL (stored empty).
 */
function resolveInputFile(
  { state, payload, files }: MethodRequest,
  field: string,
  folder: string,
  fallbackName: string,
): StoredFile {
  const value = payload[field];
  if (typeof value !== 'string' || value === '') throw badRequest(`there is no ${field} in the request`);
  const attached = value.startsWith('attach://') ? files.get(value.slice('attach://'.length)) : undefined;
  if (value.startsWith('attach://') && !attached) throw badRequest(`file ${value} not found in the request`);
  if (!attached) {
    const known = state.files.get(value);
    if (known) return known;
    if (!/^https?:\/\//.test(value))
      throw badRequest('wrong remote file identifier specified: Wrong string length');
  }
  const n = state.nextId();
  const name = attached?.filename || value.split('/').pop() || fallbackName;
  const stored: StoredFile = {
    file_id: `fake-${field}-${n}`,
    file_unique_id: `fake-unique-${n}`,
    file_path: `${folder}/file_${n}${extension(name)}`,
    data: attached?.data ?? Buffer.alloc(0),
    file_name: name,
  };
  if (attached?.contentType) stored.mime_type = attached.contentType;
  state.files.set(stored.file_id, stored);
  return stored;
}

// === Shared helpers

/** Fields every sent message has. */
function messageBase(
  state: FakeTelegram,
  record: ChatRecord,
  payload: Record<string, unknown>,
): Omit<ChatMessage, 'message_id' | 'chat'> {
  const markup = inlineKeyboard(payload.reply_markup);
  const replyTo = replyTarget(record, payload);
  return {
    from: state.botUser,
    date: unixNow(),
    ...(replyTo && { reply_to_message: replyTo }),
    ...(markup && { reply_markup: markup }),
  } as Omit<ChatMessage, 'message_id' | 'chat'>;
}

function replyTarget(record: ChatRecord, payload: Record<string, unknown>): ChatMessage | undefined {
  const parameters = payload.reply_parameters as {
    message_id?: unknown;
    allow_sending_without_reply?: unknown;
  };
  const id = parameters?.message_id ?? payload.reply_to_message_id;
  if (id === undefined) return undefined;
  const target = record.messages.get(Number(id));
  if (target && !record.deleted.has(target.message_id)) {
    const { reply_to_message: _nested, ...flat } = target;
    return flat as ChatMessage;
  }
  if (parameters?.allow_sending_without_reply) return undefined;
  throw badRequest('message to be replied not found');
}

/**
 * Applies `parse_mode` (HTML only; other modes pass the text through) or explicit entities, trims like
 * Telegram, and enforces the length rules.
 */
function formatText(
  raw: unknown,
  parseMode: unknown,
  entities: unknown,
  kind: 'text' | 'draft' | 'caption',
): FormattedText {
  const source = typeof raw === 'string' ? raw : raw === undefined ? '' : String(raw);
  let formatted: FormattedText;
  if (typeof parseMode === 'string' && parseMode.toLowerCase() === 'html') formatted = parseHtml(source);
  else formatted = { text: source, entities: Array.isArray(entities) ? (entities as MessageEntity[]) : [] };
  formatted = trimFormatted(formatted);
  if (kind === 'text' && formatted.text.length === 0) throw badRequest('message text is empty');
  if (kind === 'caption' && formatted.text.length > captionLimit)
    throw badRequest('message caption is too long');
  if (kind !== 'caption' && formatted.text.length > textLimit) throw badRequest('message is too long');
  return formatted;
}

function formatCaption(payload: Record<string, unknown>): {
  caption?: string;
  caption_entities?: MessageEntity[];
} {
  if (payload.caption === undefined) return {};
  const { text, entities } = formatText(
    payload.caption,
    payload.parse_mode,
    payload.caption_entities,
    'caption',
  );
  if (text === '') return {};
  return { caption: text, ...(entities.length > 0 && { caption_entities: entities }) };
}

/**
 * Validates `reply_markup` and returns it when it is an inline keyboard (the only kind a Message carries;
 * reply keyboards are visible in the recorded call).
 */
function inlineKeyboard(markup: unknown): InlineKeyboardMarkup | undefined {
  if (markup === undefined || markup === null || typeof markup !== 'object') return undefined;
  if (!('inline_keyboard' in markup)) return undefined;
  const rows = (markup as { inline_keyboard: unknown }).inline_keyboard;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  for (const button of rows.flat() as Partial<InlineKeyboardButton.CallbackButton>[]) {
    if (typeof button.text !== 'string' || button.text === '') {
      throw badRequest("can't parse inline keyboard button: Text must be non-empty");
    }
    const actions = Object.keys(button).filter(
      (key) => !['text', 'icon_custom_emoji_id', 'style'].includes(key),
    );
    if (actions.length !== 1) {
      throw badRequest(
        "can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field",
      );
    }
    if ('callback_data' in button) {
      const size = Buffer.byteLength(String(button.callback_data), 'utf8');
      if (size < 1 || size > 64) throw badRequest('BUTTON_DATA_INVALID');
    }
  }
  return markup as InlineKeyboardMarkup;
}

function assertModified(current: ChatMessage, edited: ChatMessage): void {
  const view = (m: ChatMessage) => JSON.stringify([m.text, m.entities ?? [], m.reply_markup ?? null]);
  if (view(current) === view(edited)) {
    throw badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
  }
}

function optionalNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function optionalList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  return undefined;
}

function extension(name: string): string {
  const match = /\.[A-Za-z0-9]{1,8}$/.exec(name);
  return match ? match[0] : '';
}

/** Seconds since the epoch, Telegram's `date`. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** Every implemented method, by lower-cased name (Telegram ignores the case of method names). */
export const methods: ReadonlyMap<string, Method> = new Map(
  (
    [
      ['getMe', ({ state }) => state.botInfo],
      ['getUpdates', getUpdates],
      ['setWebhook', setWebhook],
      ['deleteWebhook', deleteWebhook],
      ['getWebhookInfo', getWebhookInfo],
      ['setMyCommands', setMyCommands],
      ['getMyCommands', getMyCommands],
      ['deleteMyCommands', deleteMyCommands],
      ['setMyDescription', () => true],
      ['setMyShortDescription', () => true],
      ['setChatMenuButton', () => true],
      ['sendMessage', sendMessage],
      ['editMessageText', editMessageText],
      ['editMessageReplyMarkup', editMessageReplyMarkup],
      ['deleteMessage', deleteMessage],
      ['deleteMessages', deleteMessages],
      ['sendMessageDraft', sendMessageDraft],
      ['sendChatAction', sendChatAction],
      ['answerCallbackQuery', (request) => answerQuery(request, 'callback_query_id')],
      ['answerInlineQuery', (request) => answerQuery(request, 'inline_query_id')],
      ['sendDocument', sendDocument],
      ['sendPhoto', sendPhoto],
      ['getFile', getFile],
    ] satisfies [string, Method][]
  ).map(([name, method]): [string, Method] => [name.toLowerCase(), method]),
);
