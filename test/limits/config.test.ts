/** The limit settings in the environment: defaults, and wrong values named at start-up. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

describe('limits config', () => {
  it('has defaults a person on a phone does not hit', () => {
    expect(loadConfig({}).limits).toEqual({
      perMinute: 6,
      burst: 5,
      dailyQuestions: 200,
      dailyTokens: 200_000,
      staffMultiplier: 5,
      prices: { inputPerMillion: 2, outputPerMillion: 8, currency: 'CNY' },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      RATE_LIMIT_PER_MINUTE: '10',
      RATE_LIMIT_BURST: '3',
      DAILY_QUESTION_LIMIT: '50',
      DAILY_TOKEN_LIMIT: '0',
      STAFF_LIMIT_MULTIPLIER: '1',
      TOKEN_PRICE_INPUT_PER_MILLION: '0.15',
      TOKEN_PRICE_OUTPUT_PER_MILLION: '0.6',
      TOKEN_PRICE_CURRENCY: 'USD',
    });
    expect(config.limits).toEqual({
      perMinute: 10,
      burst: 3,
      dailyQuestions: 50,
      dailyTokens: 0,
      staffMultiplier: 1,
      prices: { inputPerMillion: 0.15, outputPerMillion: 0.6, currency: 'USD' },
    });
  });

  it.each([
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['RATE_LIMIT_BURST', 'many'],
    ['DAILY_QUESTION_LIMIT', '-1'],
    ['DAILY_TOKEN_LIMIT', '1.5'],
    ['STAFF_LIMIT_MULTIPLIER', '0.5'],
    ['TOKEN_PRICE_INPUT_PER_MILLION', '-2'],
    ['TOKEN_PRICE_CURRENCY', 'yuan'],
  ])('names %s when it is wrong (%s)', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: expected`));
  });
});
