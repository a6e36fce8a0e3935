import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../src/redis/connect.ts';
import { PrivateRedisError, startPrivateRedis } from '../../src/redis/private-server.ts';

const dirs: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cunbo-redis-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function withClient<T>(url: string, use: (client: ReturnType<typeof createRedisClient>) => Promise<T>) {
  const client = createRedisClient(url);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describe('startPrivateRedis', () => {
  it('keeps data across a restart (append-only file in the data folder)', async () => {
    const dir = await dataDir();
    const first = await startPrivateRedis(dir);
    await withClient(first.url, (client) => client.set('cunbo:test', 'kept'));
    await first.stop();

    const second = await startPrivateRedis(dir);
    try {
      expect(await withClient(second.url, (client) => client.get('cunbo:test'))).toBe('kept');
    } finally {
      await second.stop();
    }
  });

  it('stops an orphaned server left by a crashed run before starting', async () => {
    const dir = await dataDir();
    const orphan = await startPrivateRedis(dir);
    // Pretend the owner died: point the owner file at a pid that does not exist.
    const ownerFile = join(dir, 'redis', 'owner.json');
    const owner = JSON.parse(await readFile(ownerFile, 'utf8'));
    await writeFile(ownerFile, JSON.stringify({ ...owner, ownerPid: 2 ** 22 + 7 }));

    const fresh = await startPrivateRedis(dir);
    try {
      expect(() => process.kill(orphan.pid, 0)).toThrow();
      expect(await withClient(fresh.url, (client) => client.ping())).toBe('PONG');
    } finally {
      await fresh.stop();
    }
  });

  it('says how to install redis-server when it is missing', async () => {
    const error = await startPrivateRedis(await dataDir(), {
      binary: 'redis-server-that-is-not-there',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PrivateRedisError);
    expect((error as Error).message).toMatch(/apt-get install redis-server.*or set REDIS_URL/);
  });
});
