/**
 * @module Trainer commands in Telegram: /stats (activity and answers, last 7 days) and /gaps (questions
 * the knowledge base could not answer, grouped). Only trainers and admins (TRAINER_IDS, ADMIN_IDS) reach
 * them; anyone else gets the ordinary bot.
 */
import { Composer } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { ConversationMemory } from '../../../memory/conversation-memory.ts';
import { groupGaps, trainerStats } from '../../../trainer/reports.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage } from '../reply.ts';

/** What the trainer commands read. */
export interface TrainerDeps {
  trainerIds: readonly number[];
  memory: Pick<ConversationMemory, 'turnsSince' | 'gapsSince'>;
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

/** /stats and /gaps for trainers. */
export function trainerFeature({
  trainerIds,
  memory,
  trackOf,
  words: wordsOf,
  now = Date.now,
}: TrainerDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const trainers = composer.filter((ctx) => ctx.from !== undefined && trainerIds.includes(ctx.from.id));

  trainers.command('stats', async (ctx) => {
    const say = words[languageFromHint(ctx.from?.language_code)];
    const stats = trainerStats(await memory.turnsSince(now() - 7 * 86_400_000), trackOf, now());
    const tracks = Object.entries(stats.byTrack)
      .sort((a, b) => b[1] - a[1])
      .map(([track, n]) => `${track} ${n}`)
      .join(' · ');
    await sendLongMessage(
      ctx,
      [
        say.stats(stats.days),
        `${say.learners}: ${stats.activeLearners} · ${say.questions}: ${stats.questions}`,
        `${say.answered}: ${stats.answered} · ${say.notCovered}: ${stats.notCovered}`,
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
