import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Runs the real `cunbo` entry point as a user would, with only the given environment. */
async function cunbo(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/cunbo.js', ...args], {
      env: { PATH: process.env.PATH, ...env },
      timeout: 15_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('cunbo command line', () => {
  it('fails at start-up with one line naming a bad variable', async () => {
    const result = await cunbo(['chat'], { REDIS_URL: 'notaurl' });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'cunbo: config error: REDIS_URL: expected a redis://, rediss:// or unix:// URL, e.g. redis://127.0.0.1:6379 (got "notaurl")',
    );
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('refuses an ftp:// model endpoint', async () => {
    const result = await cunbo(['bot'], { OPENAI_BASE_URL: 'ftp://x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^cunbo: config error: OPENAI_BASE_URL: expected an http:\/\/ or https:\/\/ URL/,
    );
  });

  it('explains every command', async () => {
    const overview = await cunbo(['--help']);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toMatch(/chat +chat with Cunbo in this terminal/);
    const chatHelp = await cunbo(['chat', '--help']);
    expect(chatHelp.stdout).toMatch(/^Usage: cunbo chat/);
    const unknown = await cunbo(['dance']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command "dance"/);
  });
});
