/**
 * @module Trainer commands in Telegram: /stats (activity and answers, last 7 days) and /gaps (questions
 * the knowledge base could not answer, grouped). Only trainers and admins (TRAINER_IDS, ADMIN_IDS) reach
 * them; anyone else gets the ordinary bot.
 */
import { Composer } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { ConversationMemory } from '../../../memory/conversation-memory.ts';
import type { Cohorts } from '../../../trainer/cohorts.ts';
import { chinaDay, groupGaps, trainerStats } from '../../../trainer/reports.ts';
import type { Roles } from '../../../trainer/roles.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage } from '../reply.ts';

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

/** A filter passing only trainers' and admins' updates (others go on to the ordinary bot). */
export function trainerOnly(roles: Pick<Roles, 'isTrainer'>) {
  return (ctx: BotContext): Promise<boolean> | boolean =>
    ctx.from !== undefined && ctx.from.is_bot === false && roles.isTrainer(ctx.from.id);
}

/** /stats and /gaps for trainers. */
export function trainerFeature({
  roles,
  cohorts,
  learnerRow,
  memory,
  trackOf,
  words: wordsOf,
  now = Date.now,
}: TrainerDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const isAdmin = (id: number) => roles.isAdmin(id);
  const trainers = composer.filter(trainerOnly(roles));

  trainers.command('cohort', async (ctx) => {
    const name = ctx.match.trim();
    if (!name) return void (await ctx.reply('/cohort <name>'));
    const cohort = await cohorts.create(name, ctx.from!.id, now());
    await ctx.reply(`${cohort.name}: https://t.me/${ctx.me.username}?start=${cohort.code}`);
  });

  trainers.command('cohorts', async (ctx) => {
    const list = await cohorts.visibleTo(ctx.from!.id, isAdmin(ctx.from!.id));
    const lines = await Promise.all(
      list.map(
        async (c) =>
          `${c.name} (${c.code}) · ${(await cohorts.members(c.code)).length} · https://t.me/${ctx.me.username}?start=${c.code}`,
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
    const say = words[languageFromHint(ctx.from?.language_code)];
    const groups = groupGaps(await memory.gapsSince(now() - 30 * 86_400_000), wordsOf);
    if (groups.length === 0) return void (await ctx.reply(say.noGaps));
    const lines = groups
      .slice(0, 20)
      .map(
        (g, i) =>
          `${i + 1}. ${g.example} (${say.times(g.count)})${g.nearest.length ? `\n   ${say.nearest}: ${g.nearest.join(', ')}` : ''}`,
      );
    await sendLongMessage(ctx, `${say.gaps}\n${lines.join('\n')}`);
  });
  return composer;
}
