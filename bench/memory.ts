/**
 * Memory benchmark: Redis bytes per active user after `users` simulated learners, each written through the
 * real code paths (coach greeting, profile, ten answered questions recorded by conversation memory, three
 * lessons opened, a task ticked, a quiz answered, finished, and two 👍), on a private redis-server so no
 * one else's keys blur `INFO memory`. The baseline in the same run is the bare user record alone.
 *
 * Answers are the coach's real offline answers to the dev-set questions (each question answered once,
 * then reused), since answering 100,000 questions would measure retrieval, not memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import type { Turn } from '../src/core/turn.ts';
import { createLogger } from '../src/logging/logger.ts';
import { startPrivateRedis } from '../src/redis/private-server.ts';
import { printTable } from './stats.ts';
import { type DevQuestion, devQuestions } from './world.ts';

/** Sizes of one memory run. */
export interface MemoryOptions {
  /** Simulated users (default 10,000). */
  users?: number;
  /** Questions each asks (default 10). */
  turns?: number;
  /** Users written at once. */
  concurrency?: number;
}

/** What the memory benchmark measured, in bytes per user. */
export interface MemoryResult {
  users: number;
  /** `used_memory` growth over all users: per-user keys, index members and the shared logs. */
  totalPerUser: number;
  /** The user's own keys (MEMORY USAGE, sampled) plus their members of the shared zsets. */
  ownKeysPerUser: number;
  /** The shared turn, feedback and gap logs, divided by users. */
  logsPerUser: number;
  /** The bare user record (the baseline). */
  userRecordOnly: number;
  /** Average bytes per key type, sampled. */
  byKey: Record<string, number>;
}

const targetBytes = 20 * 1024;

function turnOf(userId: string, question: DevQuestion): Turn {
  return {
    userId,
    channel: 'telegram',
    text: question.question,
    displayName: `Learner ${userId}`,
    languageHint: question.lang,
  };
}

async function usedMemory(app: App): Promise<number> {
  const info = await app.redis.client.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

/** Writes one learner's state through the app's own modules. */
async function simulate(
  app: App,
  userId: string,
  questions: readonly DevQuestion[],
  answers: ReadonlyMap<string, { text: string; citations: string[]; mode: string }>,
  turns: number,
  seed: number,
): Promise<void> {
  const first = questions[seed % questions.length]!;
  await app.coach.greet(turnOf(userId, first));
  await app.learning.saveProfile(userId, {
    language: first.lang,
    role: seed % 2 ? 'owner' : 'anchor',
    products: '鹿茸片、鹿血酒',
    platforms: ['douyin', 'kuaishou'],
    stage: 'posting',
    goal: 'more-views',
    onboarding: 'done',
    remindHour: 20,
    updatedAt: 0,
  });
  let at = Date.now() - turns * 60_000;
  const turnIds: string[] = [];
  for (let t = 0; t < turns; t++) {
    const question = questions[(seed * 7 + t) % questions.length]!;
    const answer = answers.get(question.question)!;
    const user = await app.memory.user(userId);
    at += 60_000;
    const id = await app.memory.record({
      user: {
        id: userId,
        channel: 'telegram',
        displayName: user?.displayName,
        language: question.lang,
        firstSeen: user?.firstSeen ?? at,
        lastSeen: at,
        turns: (user?.turns ?? 0) + 1,
      },
      question: { role: 'user', text: question.question, at },
      answer: { role: 'assistant', text: answer.text, at: at + 40 },
      log: {
        userId,
        channel: 'telegram',
        at,
        language: question.lang,
        question: question.question,
        answer: answer.text,
        mode: answer.mode,
        latencyMs: 40,
        citations: answer.citations,
        abstained: false,
      },
    });
    if (id) turnIds.push(id);
  }
  for (let lesson = 0; lesson < 3; lesson++) {
    const next = await app.learning.next(userId, first.lang);
    if (!next) break;
    const topic = next.step.topic;
    await app.learning.open(userId, topic);
    if (next.lesson.tasks.length > 0) await app.learning.tickTask(userId, topic, 1);
    const quiz = next.lesson.quiz[0];
    if (quiz) await app.learning.answerQuiz(userId, topic, 1, quiz.answer, first.lang);
    await app.learning.finish(userId, topic);
  }
  for (const turnId of turnIds.slice(-2)) await app.memory.saveFeedback(userId, turnId, 'up');
}

/** Runs the benchmark on a private redis-server and prints the table. */
export async function benchMemory(options: MemoryOptions = {}): Promise<MemoryResult> {
  const users = options.users ?? 10_000;
  const turns = options.turns ?? 10;
  const concurrency = options.concurrency ?? 50;
  const dataDir = await mkdtemp(join(tmpdir(), 'cunbo-bench-memory-'));
  const server = await startPrivateRedis(dataDir);
  const prefix = 'bench:';
  const config = loadConfig({ REDIS_URL: server.url, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' });
  const app = await buildApp(config, createLogger('silent'));
  try {
    const questions = await devQuestions();
    // The coach's real answers, one per dev-set question, written by a scratch user that is removed again.
    const answers = new Map<string, { text: string; citations: string[]; mode: string }>();
    for (const question of questions) {
      const reply = await app.coach.handle(turnOf('scratch', question)).final;
      answers.set(question.question, {
        text: reply.text,
        citations: reply.citations.map((c) => c.id),
        mode: reply.mode,
      });
    }
    const redis = app.redis.client;
    await redis.flushAll();
    const before = await usedMemory(app);

    const ids = Array.from({ length: users }, (_, i) => `tg:${100_000_000 + i}`);
    for (let i = 0; i < ids.length; i += concurrency) {
      await Promise.all(
        ids.slice(i, i + concurrency).map((id, j) => simulate(app, id, questions, answers, turns, i + j)),
      );
    }
    const after = await usedMemory(app);

    // Per key type, on an evenly spread sample of users.
    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(users / 200)) === 0);
    const byKey: Record<string, number> = {};
    for (const id of sample) {
      for (const key of app.keys.perUser(id)) {
        const type = key.slice(prefix.length + 3).split(':')[0]!;
        byKey[type] = (byKey[type] ?? 0) + ((await redis.memoryUsage(key, { SAMPLES: 0 })) ?? 0);
      }
    }
    for (const type of Object.keys(byKey)) byKey[type] = byKey[type]! / sample.length;
    const shared = async (key: string) => (await redis.memoryUsage(key, { SAMPLES: 0 })) ?? 0;
    const zsets = (await shared(app.keys.usersByActivity)) + (await shared(app.keys.reminders));
    const logs =
      (await shared(app.keys.turnLog)) +
      (await shared(app.keys.feedbackLog)) +
      (await shared(app.keys.gapLog));
    const ownKeysPerUser = Object.values(byKey).reduce((sum, bytes) => sum + bytes, 0) + zsets / users;
    const result: MemoryResult = {
      users,
      totalPerUser: (after - before) / users,
      ownKeysPerUser,
      logsPerUser: logs / users,
      userRecordOnly: byKey.user ?? 0,
      byKey,
    };
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    printTable(
      `Redis memory per user (${users} users × ${turns} questions, profile, 3 lessons with task and quiz, 2 votes)`,
      ['what', 'bytes/user', 'vs 20 KB target'],
      [
        ['bare user record (baseline)', kb(result.userRecordOnly), ''],
        ...Object.entries(byKey)
          .filter(([, bytes]) => bytes > 0)
          .map(([type, bytes]) => [`  ${type} key`, kb(bytes), '']),
        [
          'own keys + index members',
          kb(ownKeysPerUser),
          `${((ownKeysPerUser / targetBytes) * 100).toFixed(0)}%`,
        ],
        ['shared logs (turns, feedback, gaps)', kb(result.logsPerUser), ''],
        [
          'all (used_memory growth / users)',
          kb(result.totalPerUser),
          `${((result.totalPerUser / targetBytes) * 100).toFixed(0)}%`,
        ],
      ],
    );
    console.log(
      `target: <= 20 KB per active user (own keys) — ${ownKeysPerUser <= targetBytes ? 'met' : 'NOT met'}; ` +
        `the shared logs are trimmed by TURN_LOG_MAX, not per user`,
    );
    return result;
  } finally {
    await app.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
