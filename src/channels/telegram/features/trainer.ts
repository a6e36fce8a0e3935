/**
 * @module Trainer commands in Telegram: /stats (activity and answers, last 7 days), /gaps (questions the
 * knowledge base could not answer, grouped), cohorts with their deep link and QR code (/cohort, /cohorts,
 * /qr), /learners, /learner, /announce, and for admins /addtrainer, /removetrainer, /trainers. Only
 * trainers and admins (TRAINER_IDS, ADMIN_IDS, and trainers an admin added) reach them; anyone else gets
 * the ordinary bot. Docs: docs/trainer-telegram.md.
 */
import { Composer } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { Logger } from '../../../logging/logger.ts';
import type { ConversationMemory } from '../../../memory/conversation-memory.ts';
import type { Announcements } from '../../../trainer/announcements.ts';
import type { BackgroundBroadcasts } from '../../../trainer/broadcast.ts';
import type { Cohorts } from '../../../trainer/cohorts.ts';
import type { LearnerSummaryDeps } from '../../../trainer/learner-summary.ts';
import type { LearnerDirectory } from '../../../trainer/learners.ts';
import { chinaDay, type GapGroup, groupGaps, trainerStats } from '../../../trainer/reports.ts';
import type { Roles } from '../../../trainer/roles.ts';
import type { Usernames } from '../../../trainer/usernames.ts';
import { cohortLink, replyWithCohortQr } from '../cohort-qr.ts';
import { onlyFor } from '../commands-and-buttons.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage } from '../reply.ts';
import { trainerOnly } from '../staff.ts';
import { telegramUserId } from '../turn-from-context.ts';
import { announceFeature } from './announce.ts';
import { learnerFeature } from './learner.ts';
import { trainerAdminFeature } from './trainer-admin.ts';

/** What the trainer commands read. */
export interface TrainerDeps {
  /** Who is a trainer; admins see every cohort (and are trainers too). */
  roles: Roles;
  cohorts: Cohorts;
  /** A learner's row for /learners. */
  learnerRow: (
    userId: string,
  ) => Promise<{ name: string; stage: string; lessonsDone: number; lastSeen: number | undefined }>;
  memory: Pick<ConversationMemory, 'turnsSince' | 'gapsSince' | 'feedbackSince'>;
  /** The track of a cited lesson or reference id. */
  trackOf: (lessonId: string) => string | undefined;
  /** Words of a question, for grouping similar gaps. */
  words: (text: string) => string[];
  /** @usernames → user ids, recorded here as users write (for /learner @name, /addtrainer @name). */
  usernames: Usernames;
  /** Trainer scopes and learner ids, for /learner. */
  directory: LearnerDirectory;
  /** What /learner's summary reads. */
  summary: LearnerSummaryDeps;
  announcements: Announcements;
  /** Where /announce runs its broadcasts; the channel stops it on shutdown. */
  broadcasts: BackgroundBroadcasts;
  /** Turns a learner's reminders off (an announcement found they blocked the bot). */
  stopReminders: (userId: string) => Promise<void>;
  logger: Logger;
  /** Announcement messages per second (default 25). */
  broadcastPerSecond?: number;
  /**
   * Orders /gaps open-first with each group's state label, and remembers the numbering for /answer and
   * /handled (see `knowledge-loop.ts`); absent: gaps by size, no states.
   */
  gapList?: (
    groups: GapGroup[],
    trainerId: number,
    language: 'zh' | 'en',
  ) => Promise<Array<{ group: GapGroup; label: string }>>;
  now?: () => number;
}

const words = {
  zh: {
    stats: (d: number) => `📈 最近${d}天`,
    learners: '活跃学员',
    questions: '提问',
    answered: '答上了',
    notCovered: '知识库没覆盖',
    byTrack: '按方向',
    perDay: '每天提问',
    gaps: '📝 知识库没答上的问题（按相似分组）',
    noGaps: '最近30天没有答不上的问题。',
    times: (n: number) => `${n}次`,
    nearest: '最接近的课',
  },
  en: {
    stats: (d: number) => `📈 Last ${d} days`,
    learners: 'active learners',
    questions: 'questions',
    answered: 'answered',
    notCovered: 'not covered',
    byTrack: 'by track',
    perDay: 'questions per day',
    gaps: '📝 Questions the knowledge base could not answer (grouped)',
    noGaps: 'No unanswered questions in the last 30 days.',
    times: (n: number) => `×${n}`,
    nearest: 'nearest lessons',
  },
};

/** /stats and /gaps for trainers. */
export function trainerFeature({
  roles,
  cohorts,
  learnerRow,
  memory,
  trackOf,
  words: wordsOf,
  usernames,
  directory,
  summary,
  announcements,
  broadcasts,
  stopReminders,
  logger,
  broadcastPerSecond,
  gapList,
  now = Date.now,
}: TrainerDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const isAdmin = (id: number) => roles.isAdmin(id);
  // Everyone's @username, so a trainer can name a learner the way they see them in a chat.
  composer.use(async (ctx, next) => {
    const from = ctx.from;
    if (from?.username && !from.is_bot) {
      await usernames.remember(telegramUserId(from.id), from.username).catch((error: unknown) => {
        logger.warn({ err: String(error) }, 'could not record username');
      });
    }
    await next();
  });
  const trainers = new Composer<BotContext>();
  composer.use(onlyFor(trainerOnly(roles), trainers));
  const userMemory = summary.memory;
  trainers.use(trainerAdminFeature({ roles, usernames, memory: userMemory, now }));
  trainers.use(learnerFeature({ summary, directory, usernames, memory: userMemory, now }));
  trainers.use(
    announceFeature({
      roles,
      cohorts,
      announcements,
      broadcasts,
      stopReminders,
      logger,
      perSecond: broadcastPerSecond,
      now,
    }),
  );

  trainers.command('cohort', async (ctx) => {
    const name = ctx.match.trim();
    if (!name) return void (await ctx.reply('/cohort <name>'));
    const cohort = await cohorts.create(name, ctx.from!.id, now());
    await replyWithCohortQr(ctx, cohort);
  });

  trainers.command('qr', async (ctx) => {
    const code = ctx.match.trim();
    const cohort = code ? await cohorts.get(code) : undefined;
    if (!cohort || (cohort.trainerId !== ctx.from!.id && !isAdmin(ctx.from!.id)))
      return void (await ctx.reply(code ? `${code}: -  (/cohorts)` : '/qr <code>'));
    await replyWithCohortQr(ctx, cohort);
  });

  trainers.command('cohorts', async (ctx) => {
    const list = await cohorts.visibleTo(ctx.from!.id, isAdmin(ctx.from!.id));
    const lines = await Promise.all(
      list.map(
        async (c) =>
          `${c.name} (${c.code}) · ${(await cohorts.members(c.code)).length} · ${cohortLink(ctx.me.username, c.code)}`,
      ),
    );
    await ctx.reply(lines.join('\n') || '-');
  });

  trainers.command('learners', async (ctx) => {
    const code = ctx.match.trim();
    const visible = await cohorts.visibleTo(ctx.from!.id, isAdmin(ctx.from!.id));
    const chosen = code ? visible.filter((c) => c.code === code) : visible;
    const blocks = await Promise.all(
      chosen.map(async (cohort) => {
        const rows = await Promise.all((await cohorts.members(cohort.code)).map(learnerRow));
        const table = rows
          .sort((a, b) => b.lessonsDone - a.lessonsDone)
          .map(
            (r) => `  ${r.name} · ${r.stage} · ${r.lessonsDone} · ${r.lastSeen ? chinaDay(r.lastSeen) : '-'}`,
          );
        return `${cohort.name} (${cohort.code})\n${table.join('\n') || '  -'}`;
      }),
    );
    await sendLongMessage(ctx, blocks.join('\n\n') || '-');
  });

  trainers.command('stats', async (ctx) => {
    const say = words[languageFromHint(ctx.from?.language_code)];
    const since = now() - 7 * 86_400_000;
    const stats = trainerStats(await memory.turnsSince(since), trackOf, now());
    // A "what was wrong?" note is logged as a second entry for the same 👎: count votes, not notes.
    const votes = (await memory.feedbackSince(since)).filter((v) => !v.note);
    const down = votes.filter((v) => v.vote === 'down').length;
    const tracks = Object.entries(stats.byTrack)
      .sort((a, b) => b[1] - a[1])
      .map(([track, n]) => `${track} ${n}`)
      .join(' · ');
    await sendLongMessage(
      ctx,
      [
        say.stats(stats.days),
        `${say.learners}: ${stats.activeLearners} · ${say.questions}: ${stats.questions}`,
        `${say.answered}: ${stats.answered} · ${say.notCovered}: ${stats.notCovered} · 👍 ${votes.length - down} · 👎 ${down}`,
        `${say.byTrack}: ${tracks || '-'}`,
        `${say.perDay}: ${stats.perDay.map((d) => `${d.day.slice(5)} ${d.questions}`).join(' · ')}`,
      ].join('\n'),
    );
  });

  trainers.command('gaps', async (ctx) => {
    const language = languageFromHint(ctx.from?.language_code);
    const say = words[language];
    const groups = groupGaps(await memory.gapsSince(now() - 30 * 86_400_000), wordsOf);
    if (groups.length === 0) return void (await ctx.reply(say.noGaps));
    const listed = gapList
      ? await gapList(groups, ctx.from!.id, language)
      : groups.map((group) => ({ group, label: '' }));
    const lines = listed
      .slice(0, 20)
      .map(
        ({ group: g, label }, i) =>
          `${i + 1}. ${label}${g.example} (${say.times(g.count)})${g.nearest.length ? `\n   ${say.nearest}: ${g.nearest.join(', ')}` : ''}`,
      );
    await sendLongMessage(ctx, `${say.gaps}\n${lines.join('\n')}`);
  });
  return composer;
}
