/**
 * @module The one Redis connection a process uses: `REDIS_URL` when set, else a private redis-server.
 */
import { createClient } from 'redis';
import type { Logger } from '../logging/logger.ts';
import { startPrivateRedis } from './private-server.ts';

/** The node-redis client type used across Cunbo. */
export type Redis = ReturnType<typeof createRedisClient>;

/**
 * A client for `url` that reconnects by itself with capped backoff. While it is down, commands fail fast
 * instead of queueing forever, so a Redis blip turns into an error the caller can answer, not a hung turn.
 */
export function createRedisClient(url: string) {
  return createClient({
    url,
    disableOfflineQueue: true,
    // node-redis gives every command a 5 s timeout by default, which only covers its wait to be written to
    // the socket (a written command waits for its reply regardless), and costs a timer and an AbortSignal
    // per command: two thirds of the client's CPU per GET (8 µs → 3 µs measured). Offline, commands fail at
    // once (above), so the timeout protected nothing that happens here.
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
  });
}

/** A connected client and how to let it go. */
export interface RedisHandle {
  client: Redis;
  /** Where it points (for logs; never contains a password). */
  description: string;
  /** Closes the connection and, for a private server, stops the server. */
  close(): Promise<void>;
}

/** Connects to `url`, or starts a private redis-server under `dataDir` when `url` is undefined. */
export async function connectRedis(
  url: string | undefined,
  dataDir: string,
  logger: Logger,
): Promise<RedisHandle> {
  const server = url === undefined ? await startPrivateRedis(dataDir) : undefined;
  const target = url ?? server!.url;
  const client = createRedisClient(target);
  let lastError = '';
  client.on('error', (error: Error) => {
    // node-redis emits one error per failed reconnect attempt; log each distinct one once.
    if (error.message !== lastError) logger.warn({ err: error.message }, 'redis connection error');
    lastError = error.message;
  });
  client.on('ready', () => {
    if (lastError) logger.info('redis connection restored');
    lastError = '';
  });
  try {
    await client.connect();
  } catch (error) {
    await server?.stop();
    throw error;
  }
  const description = server ? `private redis-server (pid ${server.pid}) on ${target}` : redactUrl(target);
  return {
    client,
    description,
    close: async () => {
      if (client.isOpen) await client.close().catch(() => client.destroy());
      await server?.stop();
    },
  };
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
