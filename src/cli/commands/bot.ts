/** @module `cunbo bot`: run the Telegram bot (long polling, webhook, or a worker of the webhook's queue). */
import { startHttp } from '../../channels/http/start-http.ts';
import { startTelegram } from '../../channels/telegram/telegram-channel.ts';
import { runWithApp } from '../app-runner.ts';
import { type CliCommand, UsageError } from '../command.ts';
import { withEnvFile } from '../environment.ts';

/** `cunbo bot` */
export const botCommand: CliCommand = {
  name: 'bot',
  help: `Usage: cunbo bot [--worker]

Runs the Telegram bot with long polling until SIGINT/SIGTERM; in-flight answers get up to 10 s to finish.
Needs TELEGRAM_BOT_TOKEN (from @BotFather). TELEGRAM_API_ROOT points it at another Bot API server.
With WEBHOOK_URL set it registers the webhook, serves it on PORT and handles the queued updates; several
such processes may share one REDIS_URL. --worker only handles queued updates (no webhook, no polling).
Every variable is described in .env.example; scaling is described in docs/scaling.md.`,
  async run(args, io) {
    const workerOnly = args[0] === '--worker';
    const rest = workerOnly ? args.slice(1) : args;
    if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
    if (workerOnly && !withEnvFile(io.env).REDIS_URL?.trim()) {
      // A private Redis would be this process's alone: no webhook process could queue updates into it.
      io.stderr.write(
        'cunbo: config error: REDIS_URL: --worker needs REDIS_URL, the Redis the webhook processes queue updates in\n',
      );
      return 2;
    }
    return runWithApp(io, { needs: { telegramToken: true } }, async (app, stop) => {
      const telegram = await startTelegram(app, { workerOnly });
      const http = app.config.http
        ? await startHttp(app, telegram.webhook ? [telegram.webhook] : [])
        : undefined;
      await Promise.race([telegram.done, new Promise((resolve) => stop.addEventListener('abort', resolve))]);
      app.logger.info('stopping: finishing in-flight answers');
      await http?.close();
      await telegram.stop();
    });
  },
};
