/**
 * @module A fake Telegram Bot API for tests: `startBotApiServer()` and the simulated users and groups.
 *
 * The implementation lives in `test/support/bot-api/`: `server.ts` (HTTP and the public API), `methods.ts`
 * (the Bot API methods), `users.ts` (SimUser, SimGroup), `chats.ts`, `updates.ts` (long polling), `webhook.ts`
 * (webhook delivery), `html.ts` (`parse_mode: 'HTML'`), `errors.ts`, `state.ts`.
 */
export type { ChatMessage, KnownChat } from './bot-api/chats.ts';
export { ApiError, type ApiErrorBody, type InjectedFailure } from './bot-api/errors.ts';
export { type FormattedText, parseHtml } from './bot-api/html.ts';
export { type BotApiServer, type BotApiServerOptions, startBotApiServer } from './bot-api/server.ts';
export type { ApiCall, ApiResponse, StoredFile, UploadedFile } from './bot-api/state.ts';
export type { UpdateInput } from './bot-api/updates.ts';
export {
  ChatView,
  type GroupProfile,
  type MessageExtra,
  type PhotoInput,
  SimGroup,
  SimUser,
  type UserProfile,
  type VoiceInput,
} from './bot-api/users.ts';
export type { WebhookDelivery } from './bot-api/webhook.ts';
