/**
 * @module The bot process's HTTP server (Hono on Node): one port for the trainer dashboard, the Telegram
 * webhook and the health and metrics endpoints.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';

/** A listening HTTP server. */
export interface HttpServer {
  /** The bound port (the real one when asked for port 0). */
  port: number;
  /** `http://<host>:<port>` as bound, for tests and logs. */
  url: string;
  /** Stops accepting connections and closes idle ones; resolves when the server has closed. */
  close(): Promise<void>;
}

/**
 * Serves `app` on `host:port` (port 0: any free port).
 *
 * @example
 * ```ts
 * const server = await listenHttp(createHttpApp(parts), 8080, '0.0.0.0');
 * await server.close();
 * ```
 */
export function listenHttp(app: Hono, port: number, host: string): Promise<HttpServer> {
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      let closing: Promise<void> | undefined;
      resolve({
        port: bound,
        url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${bound}`,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          });
          return closing;
        },
      });
    });
  });
}
