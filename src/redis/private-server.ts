/**
 * @module A private `redis-server` child process, for when `REDIS_URL` is not set.
 *
 * Its data (append-only file) lives under `<dataDir>/redis`, so a restart keeps everything. It listens on
 * loopback only, on a free port. An owner file records who runs it, so a crashed run's orphan is stopped
 * instead of fighting over the same data files.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

/** A running private Redis. */
export interface PrivateRedis {
  url: string;
  pid: number;
  /** Stops the server (it flushes its append-only file first) and removes the owner file. */
  stop(): Promise<void>;
}

/** Raised when redis-server is missing or cannot start; the message says what to do. */
export class PrivateRedisError extends Error {
  override name = 'PrivateRedisError';
}

const ownerSchema = z.object({ ownerPid: z.number(), redisPid: z.number(), port: z.number() });

/**
 * Starts `redis-server` with its data under `dataDir/redis` and waits until it answers.
 *
 * @param options.binary the executable (default: `redis-server` on PATH)
 * @param options.startTimeoutMs how long to wait for it to accept connections
 */
export async function startPrivateRedis(
  dataDir: string,
  { binary = 'redis-server', startTimeoutMs = 10_000 }: { binary?: string; startTimeoutMs?: number } = {},
): Promise<PrivateRedis> {
  assertInstalled(binary);
  const dir = resolve(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const ownerFile = join(dir, 'owner.json');
  await stopOrphan(ownerFile);

  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--protected-mode',
      'yes',
      '--daemonize',
      'no',
      '--logfile',
      join(dir, 'redis.log'),
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const pid = child.pid;
  if (pid === undefined) throw new PrivateRedisError(`could not start ${binary}`);
  await writeFile(ownerFile, JSON.stringify({ ownerPid: process.pid, redisPid: pid, port }));

  await waitUntilReady(port, exited, startTimeoutMs, join(dir, 'redis.log'));
  let stopping: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    pid,
    stop: () => {
      stopping ??= stopChild(child, exited).then(() => rm(ownerFile, { force: true }));
      return stopping;
    },
  };
}

function assertInstalled(binary: string): void {
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new PrivateRedisError(
      `${binary} was not found. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) ` +
        'or set REDIS_URL to a Redis you already run.',
    );
  }
}

// A previous run that died without cleaning up leaves its redis-server running on our data files.
async function stopOrphan(ownerFile: string): Promise<void> {
  const raw = await readFile(ownerFile, 'utf8').catch(() => undefined);
  if (raw === undefined) return;
  const owner = ownerSchema.safeParse(safeJson(raw));
  if (owner.success && owner.data.ownerPid !== process.pid && isAlive(owner.data.ownerPid)) {
    throw new PrivateRedisError(
      `another Cunbo process (pid ${owner.data.ownerPid}) is using the private Redis in ${ownerFile}; ` +
        'stop it, or give this one its own DATA_DIR or a REDIS_URL.',
    );
  }
  if (owner.success && isAlive(owner.data.redisPid)) {
    process.kill(owner.data.redisPid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(owner.data.redisPid); i++) await sleep(50);
  }
  await rm(ownerFile, { force: true });
}

async function waitUntilReady(
  port: number,
  exited: Promise<number | null>,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new PrivateRedisError(
        `redis-server exited (code ${exitCode}) while starting; last log lines:\n${log.trim().split('\n').slice(-5).join('\n')}`,
      );
    }
    if (await answersPing(port)) return;
    await sleep(25);
  }
  throw new PrivateRedisError(
    `redis-server did not accept connections on port ${port} within ${timeoutMs} ms`,
  );
}

async function answersPing(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data.toString();
      // "-LOADING" while the append-only file is replayed: not ready yet.
      if (reply.includes('\r\n')) {
        socket.destroy();
        done(reply.startsWith('+PONG'));
      }
    });
    socket.on('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.on('error', () => done(false));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
