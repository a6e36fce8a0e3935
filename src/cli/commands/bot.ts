/** @module `cunbo bot`: run the Telegram bot (long polling). */
import { startHttp } from '../../channels/http/start-http.ts';
import { startTelegram } from '../../channels/telegram/telegram-channel.ts';
import { runWithApp } from '../app-runner.ts';
import { type CliCommand, UsageError } from '../command.ts';

/** `cunbo bot` */
export const botCommand: CliCommand = {
  name: 'bot',
  help: `Usage: cunbo bot

Runs the Telegram bot with long polling until SIGINT/SIGTERM; in-flight answers get up to 10 s to finish.
Needs TELEGRAM_BOT_TOKEN (from @BotFather). TELEGRAM_API_ROOT points it at another Bot API server.
Every variable is described in .env.example.`,
  async run(args, io) {
    if (args.length > 0) throw new UsageError(`unexpected arguments: ${args.join(' ')}`);
    return runWithApp(io, { needs: { telegramToken: true } }, async (app, stop) => {
      const telegram = await startTelegram(app);
      const http = app.config.http ? await startHttp(app) : undefined;
      await Promise.race([telegram.done, new Promise((resolve) => stop.addEventListener('abort', resolve))]);
      app.logger.info('stopping: finishing in-flight answers');
      await http?.close();
      await telegram.stop();
    });
  },
};
