/**
 * No secrets in logs: the real bot at LOG_LEVEL=trace, through a conversation, a model call, a model error
 * that echoes the API key, a Bot API error that echoes the token, and a dump of the config, never writes the
 * bot token, the API key, the metrics token or the webhook secret; nor does a config error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { createLogger, secretsOf } from '../../src/logging/logger.ts';
import { type BotApiServer, startBotApiServer } from '../support/bot-api-server.ts';
import { type CapturedLogs, captureLogs } from '../support/log-capture.ts';
import { type OpenAiServer, startOpenAiServer } from '../support/openai-server.ts';
import { startTestBot, type TestBot, testEnv, testToken } from '../support/test-bot.ts';

const apiKey = 'sk-test-0123456789abcdefSECRET';
const metricsToken = 'metrics-0123456789-SECRET';
const webhookSecret = 'webhook_0123456789_SECRET';
const secrets = [testToken, apiKey, metricsToken, webhookSecret];

let api: BotApiServer;
let openai: OpenAiServer;
let bot: TestBot;
let logs: CapturedLogs;

beforeAll(async () => {
  api = await startBotApiServer();
  openai = await startOpenAiServer();
  logs = captureLogs();
  const env = {
    ...testEnv(api, openai, { LOG_LEVEL: 'trace' }),
    OPENAI_API_KEY: apiKey,
    METRICS_TOKEN: metricsToken,
    WEBHOOK_SECRET: webhookSecret,
  };
  bot = await startTestBot(env, { logTo: logs.stream });
});
afterAll(async () => {
  await bot?.stop();
  await api?.close();
  await openai?.close();
});

function expectNoSecrets(text: string): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
  // Nor a telling piece of one (e.g. the token's part after the colon).
  expect(text).not.toContain(testToken.split(':')[1]);
  expect(text).not.toContain('0123456789abcdefSECRET');
}

describe('secrets in logs', () => {
  it('never logs the token, keys or secrets, even when errors echo them', async () => {
    const user = api.user({ id: 12_001, first_name: '小刘', language_code: 'zh-hans' });
    user.send('直播间没人说话怎么办？');
    await user.waitForMessage();
    // The model was called with the key …
    expect(openai.requests.at(-1)!.headers.authorization).toBe(`Bearer ${apiKey}`);

    // … a provider that echoes the key in its error, and Telegram echoing the token in one.
    openai.setChatHandler(() => ({ status: 500, error: `upstream rejected key ${apiKey}` }));
    api.failNext('sendMessage', { error_code: 400, description: `Bad Request: bot${testToken} is odd` });
    user.send('直播间没人说话怎么办？');
    await user.waitForMessage();
    openai.setChatHandler();
    // Whatever code dumps the config or request headers.
    bot.app.logger.info({ config: bot.app.config }, 'config dump');
    bot.app.logger.info({ headers: { authorization: `Bearer ${apiKey}` } }, 'headers dump');
    bot.app.logger.warn(`message text with ${testToken} inside`);

    const text = logs.text();
    const lines = logs.lines();
    expect(lines.length).toBeGreaterThan(5);
    // The error paths were really logged (so the check below looked at them).
    expect(lines.some((l) => l.msg === 'model failed; answered from the knowledge base')).toBe(true);
    expect(text).toContain('upstream rejected key [redacted]');
    expect(lines.some((l) => l.msg === 'config dump')).toBe(true);
    expectNoSecrets(text);
  });

  it('names the variable but not the value in config errors', () => {
    const badToken = `${testToken} SECRET-with-a-space`;
    let message = '';
    try {
      loadConfig({
        TELEGRAM_BOT_TOKEN: badToken,
        METRICS_TOKEN: 'short SECRET',
        WEBHOOK_SECRET: 'bad secret!',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^TELEGRAM_BOT_TOKEN: /m);
    expect(message).toMatch(/^METRICS_TOKEN: /m);
    expect(message).toMatch(/^WEBHOOK_SECRET: /m);
    for (const value of ['SECRET-with-a-space', 'short SECRET', 'bad secret!'])
      expect(message).not.toContain(value);

    // And the logger scrubs whatever a config holds.
    const captured = captureLogs();
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: testToken,
      OPENAI_API_KEY: apiKey,
      METRICS_TOKEN: metricsToken,
    });
    const logger = createLogger('trace', captured.stream, secretsOf(config));
    logger.error({ err: `failed with ${apiKey} and ${metricsToken}` }, `token ${testToken}`);
    expect(captured.text()).toContain('[redacted]');
    expectNoSecrets(captured.text());
  });
});
