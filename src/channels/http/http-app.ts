/**
 * @module The root Hono app: mounts each part (health, dashboard, webhook) under its path, and answers
 * unknown paths and unexpected errors without leaking internals.
 */
import { Hono } from 'hono';
import type { Logger } from '../../logging/logger.ts';

/** A part of the HTTP server, served under `path` (e.g. `/` or `/dashboard`). */
export interface HttpPart {
  path: string;
  app: Hono;
}

/** Builds the root app from its parts, mounted in the given order. */
export function createHttpApp(parts: readonly HttpPart[], logger: Logger): Hono {
  // `/dashboard/` and `/dashboard` are the same page to a person typing the address.
  const root = new Hono({ strict: false });
  for (const part of parts) root.route(part.path, part.app);
  root.notFound((c) => c.text('Not found', 404));
  root.onError((error, c) => {
    logger.error({ err: error.message, path: c.req.path }, 'http request failed');
    return c.text('Internal error', 500);
  });
  return root;
}
