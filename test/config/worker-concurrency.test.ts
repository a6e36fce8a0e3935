/** WORKER_CONCURRENCY: defaults to 8, and a wrong value fails at start-up naming the variable. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

describe('WORKER_CONCURRENCY', () => {
  it('defaults to 8 and takes a whole number from 1 to 256', () => {
    expect(loadConfig({}).workerConcurrency).toBe(8);
    expect(loadConfig({ WORKER_CONCURRENCY: '32' }).workerConcurrency).toBe(32);
  });

  it.each(['0', '-1', '2.5', 'many', '1000'])('rejects %s naming the variable', (value) => {
    expect(() => loadConfig({ WORKER_CONCURRENCY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_CONCURRENCY: value })).toThrow(
      /^WORKER_CONCURRENCY: expected how many updates one process handles at once/,
    );
  });
});
