/**
 * @module Starts the HTTP server for a built app: every part that the config turns on, on one port.
 */
import type { App } from '../../app.ts';
import { dashboardPart } from '../web/dashboard.ts';
import { dashboardDeps } from '../web/from-app.ts';
import { healthPart } from './health.ts';
import { createHttpApp, type HttpPart } from './http-app.ts';
import { type HttpServer, listenHttp } from './server.ts';

/** Starts the server on `app.config.http` (which must be set), with the extra parts given (e.g. webhook). */
export async function startHttp(app: App, extraParts: readonly HttpPart[] = []): Promise<HttpServer> {
  const http = app.config.http!;
  const health = healthPart({
    pingRedis: () => app.redis.client.ping(),
    lessonCount: () => app.knowledge.kb.lessons.length,
    metrics: app.metrics,
    metricsToken: app.config.metricsToken,
  });
  const parts: HttpPart[] = [health, ...extraParts, dashboardPart(dashboardDeps(app))];
  const server = await listenHttp(createHttpApp(parts, app.logger), http.port, http.host);
  app.logger.info({ url: server.url, public: http.publicUrl }, 'http server listening');
  return server;
}
