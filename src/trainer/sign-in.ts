/**
 * @module Dashboard sign-in: one-time links the bot sends a trainer, and the sessions they open.
 *
 * A link's token is 256 random bits; Redis keeps only its SHA-256, with a short TTL, and redeeming takes it
 * with GETDEL, so a link works once even when two requests race. A session is another random id holding the
 * trainer's id and a CSRF token for the forms; it expires on its own.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';

/** A signed-in trainer's session. */
export interface Session {
  id: string;
  trainerId: number;
  /** Sent back with every form (POST); compared in constant time. */
  csrf: string;
  createdAt: number;
}

const sessionSchema = z.object({ trainerId: z.number().int(), csrf: z.string(), createdAt: z.number() });
const pendingSchema = z.object({ trainerId: z.number().int(), issuedAt: z.number() });

/** Token and session ids are base64url of 32 random bytes. */
const tokenPattern = /^[\w-]{43}$/;

/** Sign-in links and sessions over Redis. */
export interface SignIn {
  /** A new one-time token for `trainerId`. */
  issue(trainerId: number): Promise<string>;
  /** The trainer a token was issued to, consuming it; `undefined` when unknown, expired or used. */
  redeem(token: string): Promise<number | undefined>;
  /** Opens a session for a trainer. */
  open(trainerId: number): Promise<Session>;
  /** The session with this id, if it is still open. */
  session(id: string): Promise<Session | undefined>;
  /** Ends a session (logout). */
  close(id: string): Promise<void>;
  /** Seconds a link works. */
  linkTtlSeconds: number;
}

/** Whether a submitted CSRF token matches the session's. */
export function csrfMatches(session: Session, submitted: string | undefined): boolean {
  if (!submitted) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

const randomId = () => randomBytes(32).toString('base64url');
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates the sign-in store. */
export function createSignIn({
  redis,
  keys,
  linkTtlSeconds = 600,
  sessionTtlSeconds = 12 * 3_600,
  now = Date.now,
}: {
  redis: Redis;
  keys: RedisKeys;
  linkTtlSeconds?: number;
  sessionTtlSeconds?: number;
  now?: () => number;
}): SignIn {
  return {
    linkTtlSeconds,
    async issue(trainerId) {
      const token = randomId();
      await redis.set(keys.signInToken(digest(token)), JSON.stringify({ trainerId, issuedAt: now() }), {
        EX: linkTtlSeconds,
      });
      return token;
    },
    async redeem(token) {
      if (!tokenPattern.test(token)) return undefined;
      const pending = parseStoredJson(pendingSchema, await redis.getDel(keys.signInToken(digest(token))));
      // Redis expires the key; the age check also holds if a clock-less copy of the key outlived its TTL.
      if (!pending || now() - pending.issuedAt > linkTtlSeconds * 1_000) return undefined;
      return pending.trainerId;
    },
    async open(trainerId) {
      const session: Session = { id: randomId(), trainerId, csrf: randomId(), createdAt: now() };
      const { id: _, ...stored } = session;
      await redis.set(keys.session(digest(session.id)), JSON.stringify(stored), { EX: sessionTtlSeconds });
      return session;
    },
    async session(id) {
      if (!tokenPattern.test(id)) return undefined;
      const stored = parseStoredJson(sessionSchema, await redis.get(keys.session(digest(id))));
      return stored ? { id, ...stored } : undefined;
    },
    async close(id) {
      if (tokenPattern.test(id)) await redis.del(keys.session(digest(id)));
    },
  };
}
