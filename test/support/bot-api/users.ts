/**
 * @module Simulated Telegram users and groups: they send updates to the bot and watch what it answers.
 */
import type { MessageEntity, PhotoSize, Sticker, Update, User } from 'grammy/types';
import type { ChatMessage, KnownChat } from './chats.ts';
import { unixNow } from './methods.ts';
import type { ApiCall, FakeTelegram } from './state.ts';

/** Who a simulated user is; becomes `from` and the private chat. */
export interface UserProfile {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** A simulated group; `id` must be negative (`-100…` makes a supergroup). */
export interface GroupProfile {
  id: number;
  title: string;
  /**
   * Privacy mode: the bot then only receives commands, replies to its messages and messages mentioning it.
   * Defaults to on unless `botInfo.can_read_all_group_messages` is true, as for a real bot.
   */
  privacy?: boolean;
}

/** A voice note as the user records it; pass `data` to make it downloadable through `getFile`. */
export interface VoiceInput {
  file_id: string;
  duration: number;
  mime_type?: string;
  file_size?: number;
  data?: Buffer;
}

/** A photo as the user sends it; pass `data` to make it downloadable through `getFile`. */
export interface PhotoInput {
  file_id?: string;
  caption?: string;
  width?: number;
  height?: number;
  data?: Buffer;
}

/** Extra message fields merged into a simulated message, e.g. `{ reply_to_message }`. */
export type MessageExtra = Partial<Omit<ChatMessage, 'message_id' | 'chat' | 'from'>>;

// === Chat views

/** What a chat member sees of the bot: its messages, drafts, and a way to wait for the next one. */
export class ChatView {
  /** The chat as Telegram describes it in updates. */
  readonly chat: KnownChat;
  /** @internal */
  protected readonly state: FakeTelegram;

  /** @internal Created by `BotApiServer.user()` and `.group()`. */
  constructor(state: FakeTelegram, chat: KnownChat) {
    this.state = state;
    this.chat = chat;
    state.chats.ensure(chat);
  }

  /** The bot's messages in this chat, in order, latest version of each (edits applied, deletions gone). */
  messages(): ChatMessage[] {
    return this.state.chats.botMessages(this.chat.id);
  }

  /** The bot's latest message in this chat. */
  lastMessage(): ChatMessage | undefined {
    return this.messages().at(-1);
  }

  /** `sendMessageDraft` payloads for this chat, in order. */
  drafts(): Record<string, unknown>[] {
    return [...(this.state.chats.find(this.chat.id)?.drafts ?? [])];
  }

  /**
   * Waits for the bot's next message in this chat.
   *
   * Without `predicate`: the first message the bot sends after this call. With one: the first message sent
   * or edited after this call whose (edited) version matches.
   *
   * @param timeoutMs rejects after this long, with an error listing what the bot did send and call
   */
  waitForMessage(predicate?: (message: ChatMessage) => boolean, timeoutMs = 5000): Promise<ChatMessage> {
    const startedAt = this.state.calls.length;
    return new Promise((resolve, reject) => {
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        unsubscribe();
        this.state.closeHooks.delete(onClose);
        outcome();
      };
      const unsubscribe = this.state.chats.subscribe(this.chat.id, (event) => {
        if (event.kind === 'deleted') return;
        try {
          if (predicate ? predicate(event.message) : event.kind === 'sent')
            finish(() => resolve(event.message));
        } catch (error) {
          finish(() => reject(error));
        }
      });
      const timer = setTimeout(() => {
        finish(() => reject(new Error(this.describeTimeout(timeoutMs, predicate !== undefined, startedAt))));
      }, timeoutMs);
      const onClose = () => finish(() => reject(new Error(`waitForMessage: the fake Bot API server closed`)));
      this.state.closeHooks.add(onClose);
    });
  }

  /** Queues a message from `from` in this chat. */
  protected deliver(from: User, content: MessageExtra): Update {
    const message = this.state.chats.addIncoming({
      date: unixNow(),
      chat: this.chat,
      from,
      ...content,
    } as ChatMessage);
    return this.state.updates.push({ message });
  }

  /** Queues a callback query for a button of `message` (default: the latest bot message with that button). */
  protected press(from: User, callbackData: string, message?: ChatMessage): Update {
    const target = message ?? this.findButtonMessage(callbackData);
    const current = this.state.chats.find(this.chat.id)?.messages.get(target.message_id) ?? target;
    const id = `cbq-${this.state.nextId()}`;
    this.state.openQueries.add(id);
    return this.state.updates.push({
      callback_query: {
        id,
        from,
        message: current,
        chat_instance: `ci${Math.abs(this.chat.id)}`,
        data: callbackData,
      },
    });
  }

  private findButtonMessage(callbackData: string): ChatMessage {
    const messages = this.messages();
    const found = messages.findLast((message) =>
      message.reply_markup?.inline_keyboard
        .flat()
        .some((b) => 'callback_data' in b && b.callback_data === callbackData),
    );
    if (found) return found;
    const offered = messages.flatMap(
      (message) =>
        message.reply_markup?.inline_keyboard
          .flat()
          .map(
            (b) =>
              `#${message.message_id} ${'callback_data' in b ? JSON.stringify(b.callback_data) : b.text}`,
          ) ?? [],
    );
    throw new Error(
      `pressButton: no bot message in chat ${this.chat.id} has a button with callback_data ${JSON.stringify(callbackData)}; ` +
        (offered.length > 0
          ? `buttons on offer: ${offered.join(', ')}`
          : 'the bot sent no inline buttons here'),
    );
  }

  private describeTimeout(timeoutMs: number, withPredicate: boolean, firstCall: number): string {
    const name = this.chat.type === 'private' ? this.chat.first_name : this.chat.title;
    const sent = this.messages().map(describeMessage);
    const calls = this.state.calls
      .slice(firstCall)
      .filter((call) => call.method.toLowerCase() !== 'getupdates')
      .map(describeCall);
    return [
      `waitForMessage: no ${withPredicate ? 'matching ' : 'new '}bot message in ${this.chat.type} chat ${this.chat.id} ` +
        `(${name}) within ${timeoutMs} ms.`,
      `Bot messages in this chat (${sent.length}): ${sent.length > 0 ? sent.join('; ') : 'none'}.`,
      `API calls since the wait began (${calls.length}): ${calls.length > 0 ? calls.slice(-20).join('; ') : 'none'}.`,
    ].join('\n');
  }
}

// === Users

/** A simulated user in a private chat with the bot. */
export class SimUser extends ChatView {
  /** The user as `from` in updates. */
  readonly user: User;

  /** @internal Created by `BotApiServer.user()`. */
  constructor(state: FakeTelegram, profile: UserProfile) {
    const user: User = { is_bot: false, ...profile };
    super(state, {
      id: profile.id,
      type: 'private',
      first_name: profile.first_name,
      ...(profile.last_name && { last_name: profile.last_name }),
      ...(profile.username && { username: profile.username }),
    });
    this.user = user;
  }

  /** The user's id, which is also the private chat's id. */
  get id(): number {
    return this.user.id;
  }

  /** Sends a text message (with `bot_command` and `mention` entities where Telegram would add them). */
  send(text: string, extra: MessageExtra = {}): Update {
    return this.deliver(this.user, textContent(text, extra));
  }

  /** Sends a command such as `/start payload`; the leading `/` is added when missing. */
  sendCommand(command: string, extra: MessageExtra = {}): Update {
    return this.send(command.startsWith('/') ? command : `/${command}`, extra);
  }

  /** Sends a voice note; `data`, when given, is served by `getFile` and the file download route. */
  sendVoice({ file_id, duration, mime_type = 'audio/ogg', file_size, data }: VoiceInput): Update {
    const unique = `uv-${file_id}`;
    if (data) this.registerFile(file_id, unique, data, 'voice', '.oga');
    return this.deliver(this.user, {
      voice: {
        file_id,
        file_unique_id: unique,
        duration,
        mime_type,
        file_size: file_size ?? data?.length ?? 4096,
      },
    });
  }

  /** Sends a sticker (a 👍 by default). */
  sendSticker(sticker: Partial<Sticker> = {}): Update {
    const n = this.state.nextId();
    return this.deliver(this.user, {
      sticker: {
        file_id: `fake-sticker-${n}`,
        file_unique_id: `us-${n}`,
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji: '👍',
        ...sticker,
      },
    });
  }

  /** Sends a photo (two sizes, like Telegram), optionally with a caption and downloadable `data`. */
  sendPhoto({ file_id, caption, width = 1280, height = 960, data }: PhotoInput = {}): Update {
    const n = this.state.nextId();
    const id = file_id ?? `fake-photo-${n}`;
    if (data) this.registerFile(id, `up-${n}`, data, 'photos', '.jpg');
    const photo: PhotoSize[] = [
      {
        file_id: `${id}-thumb`,
        file_unique_id: `up-${n}-t`,
        width: 90,
        height: Math.round((90 * height) / width),
      },
      { file_id: id, file_unique_id: `up-${n}`, width, height, file_size: data?.length ?? 65_536 },
    ];
    return this.deliver(this.user, { photo, ...(caption !== undefined && { caption }) });
  }

  /**
   * Presses an inline button: a `callback_query` update carrying `message` in its current version. Without
   * `message`, uses the bot's latest message in this chat that has a button with `callbackData`.
   */
  pressButton(callbackData: string, message?: ChatMessage): Update {
    return this.press(this.user, callbackData, message);
  }

  /** Types `@bot query` in any chat: an `inline_query` update. */
  inlineQuery(query: string, offset = ''): Update {
    const id = `iq-${this.state.nextId()}`;
    this.state.openQueries.add(id);
    return this.state.updates.push({
      inline_query: { id, from: this.user, query, offset, chat_type: 'sender' },
    });
  }

  /** Blocks the bot: its sends to this chat fail with 403 `Forbidden: bot was blocked by the user`. */
  block(): void {
    this.state.chats.ensure(this.chat).blocked = true;
  }

  /** Unblocks the bot. */
  unblock(): void {
    this.state.chats.ensure(this.chat).blocked = false;
  }

  private registerFile(fileId: string, unique: string, data: Buffer, folder: string, ext: string): void {
    const n = this.state.nextId();
    this.state.files.set(fileId, {
      file_id: fileId,
      file_unique_id: unique,
      file_path: `${folder}/file_${n}${ext}`,
      data,
    });
  }
}

// === Groups

/** A simulated group chat the bot is a member of. */
export class SimGroup extends ChatView {
  private readonly privacy: boolean;

  /** @internal Created by `BotApiServer.group()`. */
  constructor(state: FakeTelegram, { id, title, privacy }: GroupProfile) {
    if (id >= 0) throw new Error(`group(): chat ids of groups are negative, e.g. -1001234567890 (got ${id})`);
    super(state, id <= -1_000_000_000_000 ? { id, type: 'supergroup', title } : { id, type: 'group', title });
    this.privacy = privacy ?? !state.botInfo.can_read_all_group_messages;
  }

  /** The group's chat id (negative). */
  get id(): number {
    return this.chat.id;
  }

  /**
   * `from` writes `text` in the group. With privacy mode on, the message is in the chat but the bot gets no
   * update unless it is a command, a reply to the bot, or mentions the bot; then this returns `undefined`.
   */
  send(from: SimUser, text: string, extra: MessageExtra = {}): Update | undefined {
    const content = textContent(text, extra);
    if (this.privacy && !this.reachesBot(content)) {
      this.state.chats.addIncoming({
        date: unixNow(),
        chat: this.chat,
        from: from.user,
        ...content,
      } as ChatMessage);
      return undefined;
    }
    return this.deliver(from.user, content);
  }

  /** `from` sends a command, e.g. `/ask@cunbo_test_bot question`; the leading `/` is added when missing. */
  sendCommand(from: SimUser, command: string, extra: MessageExtra = {}): Update {
    return this.send(from, command.startsWith('/') ? command : `/${command}`, extra)!;
  }

  /** `from` presses an inline button under a bot message in the group (see `SimUser.pressButton`). */
  pressButton(from: SimUser, callbackData: string, message?: ChatMessage): Update {
    return this.press(from.user, callbackData, message);
  }

  private reachesBot(content: MessageExtra): boolean {
    const username = this.state.botInfo.username.toLowerCase();
    const text = content.text ?? '';
    const mentioned = (content.entities ?? []).some((entity) => {
      const part = text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
      if (entity.type === 'bot_command')
        return entity.offset === 0 && (!part.includes('@') || part.endsWith(`@${username}`));
      return entity.type === 'mention' && part === `@${username}`;
    });
    const reply = content.reply_to_message;
    return mentioned || reply?.from?.id === this.state.botInfo.id;
  }
}

// === Helpers

/** Trimmed text plus the `bot_command` and `mention` entities Telegram clients attach. */
function textContent(raw: string, extra: MessageExtra): MessageExtra {
  // Telegram trims what users send, too.
  const text = raw.trim();
  const entities: MessageEntity[] = [];
  for (const match of text.matchAll(
    /(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?|@[A-Za-z0-9_]{5,32})(?=$|[\s.,!?;:])/g,
  )) {
    const offset = match.index + match[1]!.length;
    const token = match[2]!;
    entities.push({ type: token.startsWith('/') ? 'bot_command' : 'mention', offset, length: token.length });
  }
  return { text, ...(entities.length > 0 && { entities }), ...extra };
}

function describeMessage(message: ChatMessage): string {
  const body =
    message.text !== undefined
      ? JSON.stringify(truncate(message.text))
      : message.document
        ? `[document ${message.document.file_name ?? message.document.file_id}]`
        : message.photo
          ? '[photo]'
          : '[non-text message]';
  const caption =
    message.caption === undefined ? '' : ` caption ${JSON.stringify(truncate(message.caption))}`;
  return `#${message.message_id} ${body}${caption}${message.edit_date ? ' (edited)' : ''}`;
}

function describeCall(call: ApiCall): string {
  const chat = call.payload.chat_id === undefined ? '' : ` chat ${String(call.payload.chat_id)}`;
  const outcome = !call.response
    ? 'pending'
    : call.response.ok
      ? 'ok'
      : `${call.response.error_code} ${call.response.description}`;
  return `${call.method}${chat} → ${outcome}`;
}

function truncate(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
