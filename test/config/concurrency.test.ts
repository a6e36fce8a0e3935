/**
 * WORKER_CONCURRENCY and POLLING_CONCURRENCY: their defaults, and a wrong value fails at start-up naming
 * the variable.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

describe.each([
  { variable: 'WORKER_CONCURRENCY', field: 'workerConcurrency', fallback: 8, max: 256 },
  { variable: 'POLLING_CONCURRENCY', field: 'pollingConcurrency', fallback: 64, max: 1_000 },
] as const)('$variable', ({ variable, field, fallback, max }) => {
  it(`defaults to ${fallback} and takes a whole number from 1 to ${max}`, () => {
    expect(loadConfig({})[field]).toBe(fallback);
    expect(loadConfig({ [variable]: '32' })[field]).toBe(32);
    expect(loadConfig({ [variable]: String(max) })[field]).toBe(max);
  });

  it.each(['0', '-1', '2.5', 'many', String(max + 1)])('rejects %s naming the variable', (value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(
      new RegExp(`^${variable}: expected how many updates one .*process handles at once`),
    );
  });
});
