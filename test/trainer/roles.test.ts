/** Who is a trainer: config, admins, and trainers an admin added, as seen by this and other processes. */
import { describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/redis/keys.ts';
import { createRoles } from '../../src/trainer/roles.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis, prefix } = await useTestRedis();
const keys = redisKeys(prefix);

describe('roles', () => {
  it('knows trainers and admins from config, and that admins are trainers too', async () => {
    const roles = createRoles({ redis, keys, trainerIds: [1], adminIds: [2] });
    expect(await roles.isTrainer(1)).toBe(true);
    expect(await roles.isTrainer(2)).toBe(true);
    expect(roles.isAdmin(2)).toBe(true);
    expect(roles.isAdmin(1)).toBe(false);
    expect(await roles.isTrainer(3)).toBe(false);
  });

  it('sees its own changes at once and another process’s within the cache time', async () => {
    let clock = 1_000;
    const here = createRoles({ redis, keys, trainerIds: [], adminIds: [9], now: () => clock });
    const there = createRoles({ redis, keys, trainerIds: [], adminIds: [9], now: () => clock });
    expect(await there.isTrainer(40)).toBe(false);
    await here.addTrainer(40, 9);
    expect(await here.isTrainer(40)).toBe(true);
    // The other process asked a moment ago and reuses that answer until the cache time has passed.
    expect(await there.isTrainer(40)).toBe(false);
    clock += 1_000;
    expect(await there.isTrainer(40)).toBe(true);
    expect(await here.removeTrainer(40)).toBe(true);
    expect(await here.isTrainer(40)).toBe(false);
    clock += 1_000;
    expect(await there.isTrainer(40)).toBe(false);
    expect(await here.trainers()).toEqual([]);
  });

  it('fails closed when Redis cannot answer', async () => {
    const broken = redis.duplicate();
    await broken.connect();
    await broken.close();
    const roles = createRoles({ redis: broken, keys, trainerIds: [1], adminIds: [] });
    expect(await roles.isTrainer(41)).toBe(false);
    expect(await roles.isTrainer(1)).toBe(true);
  });
});
