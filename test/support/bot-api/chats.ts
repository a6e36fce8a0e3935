/**
 * @module The chats the fake Telegram knows, with their messages as the bot and the users see them.
 *
 * Message ids are per chat and shared by users and the bot, as in a real private chat. The store keeps the
 * latest version of each message (edits applied) and tells subscribers about sends, edits and deletions.
 */
import type { Chat, Message, Update } from 'grammy/types';
import { ApiError, badRequest } from './errors.ts';

/** A message in a private chat or group: what `update.message` and the bot's send methods carry. */
export type ChatMessage = Message & Update.NonChannel;

/** A chat the bot can write to. */
export type KnownChat = Exclude<Chat, Chat.ChannelChat>;

/** What happened to a bot message. */
export interface ChatEvent {
  kind: 'sent' | 'edited' | 'deleted';
  message: ChatMessage;
}

/** One chat's state. */
export interface ChatRecord {
  chat: KnownChat;
  nextMessageId: number;
  /** Every message by id, latest version. */
  messages: Map<number, ChatMessage>;
  /** Ids of the bot's messages, in sending order. */
  botMessageIds: number[];
  deleted: Set<number>;
  /** `sendMessageDraft` payloads, in order. */
  drafts: Record<string, unknown>[];
  /** When set, the bot gets 403 `Forbidden: bot was blocked by the user`. */
  blocked: boolean;
}

/** All chats, by id. */
export class ChatStore {
  private readonly chats = new Map<number, ChatRecord>();
  private readonly listeners = new Map<number, Set<(event: ChatEvent) => void>>();

  /** Registers `chat` (or refreshes its details) and returns its record. */
  ensure(chat: KnownChat): ChatRecord {
    const existing = this.chats.get(chat.id);
    if (existing) {
      existing.chat = chat;
      return existing;
    }
    const record: ChatRecord = {
      chat,
      nextMessageId: 1,
      messages: new Map(),
      botMessageIds: [],
      deleted: new Set(),
      drafts: [],
      blocked: false,
    };
    this.chats.set(chat.id, record);
    return record;
  }

  /** The record for `chatId`, if the chat is known. */
  find(chatId: number): ChatRecord | undefined {
    return this.chats.get(chatId);
  }

  /**
   * The record the bot addresses with `chat_id`, as Telegram resolves it.
   *
   * @throws ApiError 400 `chat not found` for unknown chats, 403 when the user blocked the bot
   */
  resolve(chatId: unknown): ChatRecord {
    const id = typeof chatId === 'string' && /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
    let record: ChatRecord | undefined;
    if (typeof id === 'number') record = this.chats.get(id);
    else if (typeof id === 'string' && id.startsWith('@')) {
      record = [...this.chats.values()].find((r) => 'username' in r.chat && `@${r.chat.username}` === id);
    } else if (id === undefined) throw badRequest('chat_id is empty');
    if (!record) throw badRequest('chat not found');
    if (record.blocked) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    return record;
  }

  /** Stores a message a user sent (assigning `message_id` when missing). */
  addIncoming(message: Omit<ChatMessage, 'message_id'> & { message_id?: number }): ChatMessage {
    const record = this.ensure(message.chat);
    const message_id = message.message_id ?? record.nextMessageId;
    record.nextMessageId = Math.max(record.nextMessageId, message_id + 1);
    const stored = { ...message, message_id } as ChatMessage;
    record.messages.set(message_id, stored);
    return stored;
  }

  /** Stores a message the bot sent and tells subscribers. */
  addOutgoing(record: ChatRecord, content: Omit<ChatMessage, 'message_id' | 'chat'>): ChatMessage {
    const message = { message_id: record.nextMessageId++, ...content, chat: record.chat } as ChatMessage;
    record.messages.set(message.message_id, message);
    record.botMessageIds.push(message.message_id);
    this.emit(record.chat.id, { kind: 'sent', message });
    return message;
  }

  /**
   * The bot message `messageId`, for an edit or deletion.
   *
   * @throws ApiError 400 with Telegram's wording when it does not exist or is not the bot's
   */
  botMessage(record: ChatRecord, messageId: unknown, action: 'edit' | 'delete'): ChatMessage {
    const message = record.messages.get(Number(messageId));
    if (!message || record.deleted.has(message.message_id)) {
      throw badRequest(action === 'edit' ? 'message to edit not found' : 'message to delete not found');
    }
    if (action === 'edit' && !record.botMessageIds.includes(message.message_id)) {
      throw badRequest("message can't be edited");
    }
    return message;
  }

  /** Replaces a message with its edited version and tells subscribers. */
  replace(record: ChatRecord, message: ChatMessage): ChatMessage {
    record.messages.set(message.message_id, message);
    this.emit(record.chat.id, { kind: 'edited', message });
    return message;
  }

  /** Marks a message deleted and tells subscribers. */
  remove(record: ChatRecord, message: ChatMessage): void {
    record.deleted.add(message.message_id);
    this.emit(record.chat.id, { kind: 'deleted', message });
  }

  /** The bot's messages in a chat, in order, latest versions, without deleted ones. */
  botMessages(chatId: number): ChatMessage[] {
    const record = this.chats.get(chatId);
    if (!record) return [];
    return record.botMessageIds
      .filter((id) => !record.deleted.has(id))
      .map((id) => record.messages.get(id)!)
      .filter(Boolean);
  }

  /** Calls `listener` for every send, edit and deletion by the bot in `chatId`; returns the unsubscriber. */
  subscribe(chatId: number, listener: (event: ChatEvent) => void): () => void {
    let set = this.listeners.get(chatId);
    if (!set) {
      set = new Set();
      this.listeners.set(chatId, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit(chatId: number, event: ChatEvent): void {
    for (const listener of [...(this.listeners.get(chatId) ?? [])]) listener(event);
  }
}
