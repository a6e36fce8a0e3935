/**
 * @module The Telegram webhook endpoint: checks Telegram's secret token, queues the update and answers
 * at once. No model work ever happens while Telegram's request is open (docs/scaling.md).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Logger } from '../../logging/logger.ts';
import type { ChatQueue } from '../../queue/chat-queue.ts';
import type { HttpPart } from '../http/http-app.ts';

/** The header Telegram sends with `setWebhook`'s `secret_token`. */
export const secretHeader = 'X-Telegram-Bot-Api-Secret-Token';

/** Telegram's updates are small; anything near this is not from Telegram. */
export const maxUpdateBytes = 1024 * 1024;

/** Just enough of an update to queue it: the rest is passed on untouched. */
const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

/** What the webhook needs. */
export interface WebhookDeps {
  /** The path part of WEBHOOK_URL, e.g. `/telegram`. */
  path: string;
  secret: string;
  queue: Pick<ChatQueue, 'enqueue'>;
  logger: Logger;
}

/** The webhook as an HTTP part: `POST <path>` only. */
export function webhookPart({ path, secret, queue, logger }: WebhookDeps): HttpPart {
  const app = new Hono();
  const wanted = digest(secret);
  app.post(
    '/',
    async (c, next) => {
      // Compared as digests, so neither the length nor the content leaks through timing; never logged.
      const given = c.req.header(secretHeader);
      if (given === undefined || !timingSafeEqual(digest(given), wanted)) {
        logger.warn({ path }, 'webhook: request without the right secret token');
        return c.text('Unauthorized', 401);
      }
      await next();
    },
    bodyLimit({ maxSize: maxUpdateBytes, onError: (c) => c.text('Payload Too Large', 413) }),
    async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.text('Bad Request: expected a JSON update', 400);
      }
      const parsed = updateSchema.safeParse(body);
      if (!parsed.success) return c.text('Bad Request: expected an update with a numeric update_id', 400);
      const update = parsed.data;
      try {
        await queue.enqueue({
          id: update.update_id,
          chatKey: chatKeyOf(update),
          payload: JSON.stringify(update),
        });
      } catch (error) {
        // Not acknowledged, so Telegram delivers it again later.
        logger.error(
          { err: error instanceof Error ? error.message : String(error), updateId: update.update_id },
          'webhook: could not queue the update',
        );
        return c.text('Service Unavailable', 503);
      }
      return c.body(null, 200);
    },
  );
  app.all('/', (c) => c.text('Method Not Allowed', 405, { allow: 'POST' }));
  return { path, app };
}

/**
 * The ordering key of an update: its chat, else its sender (inline queries), as grammY's `sequentialize`
 * in `bot.ts` keys them, so a chat's updates are handled one at a time in order.
 */
export function chatKeyOf(update: Record<string, unknown>): string {
  for (const [field, value] of Object.entries(update)) {
    if (field === 'update_id' || typeof value !== 'object' || value === null) continue;
    const body = value as Record<string, unknown>;
    const id =
      idOf(body.chat) ??
      idOf((body.message as Record<string, unknown> | undefined)?.chat) ??
      idOf(body.from) ??
      idOf(body.user);
    if (id !== undefined) return String(id);
  }
  return 'none';
}

function idOf(value: unknown): number | undefined {
  const id = (value as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'number' ? id : undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
