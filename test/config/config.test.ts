import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

function problemsOf(env: Record<string, string>, needs?: { telegramToken?: boolean }): string[] {
  try {
    loadConfig(env, needs);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs offline with nothing set', () => {
    const config = loadConfig({});
    expect(config.chat).toBeUndefined();
    expect(config.redis.url).toBeUndefined();
    expect(config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(config.history).toEqual({ turns: 20, ttlSeconds: 90 * 86_400 });
  });

  it('names the variable and what it expects', () => {
    expect(problemsOf({ REDIS_URL: 'notaurl' })).toEqual([
      'REDIS_URL: expected a redis://, rediss:// or unix:// URL, e.g. redis://127.0.0.1:6379 (got "notaurl")',
    ]);
    expect(problemsOf({ OPENAI_BASE_URL: 'ftp://x' })).toEqual([
      'OPENAI_BASE_URL: expected an http:// or https:// URL (got "ftp://x")',
    ]);
  });

  it('reports every bad variable at once, without echoing secrets', () => {
    const problems = problemsOf({
      TELEGRAM_BOT_TOKEN: 'secret-but-wrong',
      LOG_LEVEL: 'loud',
      TRAINER_IDS: 'bob',
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^TELEGRAM_BOT_TOKEN: expected a token from @BotFather/);
    expect(problems.join('\n')).not.toContain('secret-but-wrong');
    expect(problems[1]).toMatch(/^LOG_LEVEL: /);
    expect(problems[2]).toMatch(/^TRAINER_IDS: expected a comma-separated list/);
  });

  it('sets up the HTTP server and webhook mode, or says which variable is missing', () => {
    expect(loadConfig({}).http).toBeUndefined();
    expect(loadConfig({ PORT: '8080' }).http).toEqual({
      port: 8080,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:8080',
    });
    for (const port of ['abc', '0', '70000', '80.5'])
      expect(problemsOf({ PORT: port })).toEqual([
        `PORT: expected a port number from 1 to 65535, e.g. 8080 (got "${port}")`,
      ]);
    const secret = 's3cret-token-0123456789';
    expect(
      loadConfig({ PORT: '8443', WEBHOOK_URL: 'https://bot.example.com/tg/hook', WEBHOOK_SECRET: secret })
        .webhook,
    ).toEqual({ url: 'https://bot.example.com/tg/hook', path: '/tg/hook', secret });
    expect(problemsOf({ PORT: '8443', WEBHOOK_URL: 'https://bot.example.com/tg' })[0]).toMatch(
      /^WEBHOOK_SECRET: required with WEBHOOK_URL/,
    );
    expect(problemsOf({ WEBHOOK_URL: 'https://bot.example.com/tg', WEBHOOK_SECRET: secret })[0]).toMatch(
      /^PORT: required with WEBHOOK_URL/,
    );
    expect(problemsOf({ WEBHOOK_URL: 'http://bot.example.com/tg' })[0]).toMatch(
      /^WEBHOOK_URL: expected an https/,
    );
    expect(problemsOf({ WEBHOOK_SECRET: 'short' }).join('\n')).not.toContain('short');
  });

  it('requires the bot token only where the command needs it', () => {
    expect(problemsOf({}, { telegramToken: true })[0]).toMatch(/^TELEGRAM_BOT_TOKEN: required/);
  });

  it('treats blank lines in .env as unset', () => {
    expect(loadConfig({ REDIS_URL: '', OPENAI_API_KEY: ' ' }).chat).toBeUndefined();
  });

  it('builds model endpoints, embeddings falling back to the chat endpoint', () => {
    const config = loadConfig({
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1/',
      CHAT_MODEL: 'deepseek-chat',
      EMBEDDING_MODEL: 'text-embedding-v3',
      TRAINER_IDS: '1, 2',
    });
    expect(config.chat).toMatchObject({
      baseURL: 'http://127.0.0.1:9/v1',
      model: 'deepseek-chat',
      apiKey: 'k',
    });
    expect(config.embeddings).toEqual({
      baseURL: 'http://127.0.0.1:9/v1',
      apiKey: 'k',
      model: 'text-embedding-v3',
    });
    expect(config.rerank).toBeUndefined();
    expect(config.trainerIds).toEqual([1, 2]);
  });
});
