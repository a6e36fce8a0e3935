/**
 * @module /learner <id or @name>: one learner's profile, progress and recent questions, for their trainer
 * (or an admin). The facts come from `trainer/learner-summary.ts`; this file only formats them.
 */
import { Composer } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { ConversationMemory } from '../../../memory/conversation-memory.ts';
import {
  findLearner,
  type LearnerSummary,
  type LearnerSummaryDeps,
  learnerSummary,
} from '../../../trainer/learner-summary.ts';
import type { LearnerDirectory } from '../../../trainer/learners.ts';
import { chinaDay } from '../../../trainer/reports.ts';
import type { Usernames } from '../../../trainer/usernames.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage } from '../reply.ts';
import { telegramUserId } from '../turn-from-context.ts';

const words = {
  zh: {
    usage: '用法：/learner <用户ID 或 @用户名 或 名字>',
    notFound: (who: string) => `找不到学员 ${who}。`,
    outOfScope: (who: string) => `${who} 不在你的班级里。`,
    several: '有好几位，请用ID：',
    cohorts: '班级',
    role: '身份',
    products: '卖',
    platforms: '平台',
    stage: '阶段',
    goal: '目标',
    remind: '提醒',
    asked: (n: number) => `提问 ${n} 次`,
    first: '首次',
    last: '最近',
    progress: '📚 进度',
    quiz: '测验',
    current: '当前',
    opened: '学习中',
    next: '推荐下一课',
    recent: '💬 最近的问题',
    noQuestions: '  （还没有提问）',
    answered: '✅',
    notCovered: '❓没覆盖',
  },
  en: {
    usage: 'Usage: /learner <user id, @username or name>',
    notFound: (who: string) => `No learner ${who}.`,
    outOfScope: (who: string) => `${who} is not in your cohorts.`,
    several: 'Several match; use an id:',
    cohorts: 'cohorts',
    role: 'role',
    products: 'sells',
    platforms: 'platforms',
    stage: 'stage',
    goal: 'goal',
    remind: 'reminder',
    asked: (n: number) => `${n} questions`,
    first: 'first',
    last: 'last',
    progress: '📚 Progress',
    quiz: 'quiz',
    current: 'now',
    opened: 'in progress',
    next: 'recommended next',
    recent: '💬 Recent questions',
    noQuestions: '  (no questions yet)',
    answered: '✅',
    notCovered: '❓not covered',
  },
};

type Words = (typeof words)['zh'];

/** What /learner reads. */
export interface LearnerCommandDeps {
  summary: LearnerSummaryDeps;
  directory: LearnerDirectory;
  usernames: Pick<Usernames, 'lookup'>;
  memory: Pick<ConversationMemory, 'user'>;
  now: () => number;
}

/** The summary as a Telegram message. */
export function formatLearner(summary: LearnerSummary, say: Words): string {
  const p = summary.profile;
  const facts = [
    p.role && `${say.role}: ${p.role}`,
    p.products && `${say.products}: ${p.products}`,
    p.platforms.length > 0 && `${say.platforms}: ${p.platforms.join(', ')}`,
    p.stage && `${say.stage}: ${p.stage}`,
    p.goal && `${say.goal}: ${p.goal}`,
    p.remindHour !== undefined && `${say.remind}: ${p.remindHour}:00`,
  ].filter(Boolean);
  const seen = [
    say.asked(summary.questions),
    summary.firstSeen && `${say.first} ${chinaDay(summary.firstSeen)}`,
    summary.lastSeen && `${say.last} ${chinaDay(summary.lastSeen)}`,
  ].filter(Boolean);
  const tracks = summary.tracks.map(
    (t) =>
      `  ${t.track} ${t.lessonsDone}/${t.lessons}${t.quizAnswered ? ` · ${say.quiz} ${t.quizCorrect}/${t.quizAnswered}` : ''}`,
  );
  const current = summary.current
    ? `${say.current}: ${summary.current.title} (${summary.current.status === 'opened' ? say.opened : say.next})`
    : undefined;
  const recent = summary.recent.map((q) => {
    const vote = q.vote === 'up' ? ' 👍' : q.vote === 'down' ? ` 👎${q.note ? ` “${q.note}”` : ''}` : '';
    return `  ${chinaDay(q.at).slice(5)} ${q.answered ? say.answered : say.notCovered} ${q.question}${vote}`;
  });
  return [
    `👤 ${summary.name} (${summary.userId})`,
    summary.cohorts.length > 0 ? `${say.cohorts}: ${summary.cohorts.join(', ')}` : undefined,
    facts.length > 0 ? facts.join(' · ') : undefined,
    seen.join(' · '),
    '',
    say.progress,
    ...tracks,
    current,
    '',
    say.recent,
    ...(recent.length > 0 ? recent : [say.noQuestions]),
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

/** /learner (mounted behind the trainer filter). */
export function learnerFeature({
  summary,
  directory,
  usernames,
  memory,
  now,
}: LearnerCommandDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('learner', async (ctx) => {
    const say = words[languageFromHint(ctx.from?.language_code)];
    const query = ctx.match.trim();
    if (!query) return void (await ctx.reply(say.usage));
    const scope = await directory.scope(ctx.from!.id);
    if (!scope) return;
    // A bare number is a Telegram user id; anything else is a handle or a name.
    const found = /^\d{1,15}$/.test(query)
      ? { userId: telegramUserId(Number(query)) }
      : await findLearner({ usernames, directory, memory }, scope, query);
    if (!found) return void (await ctx.reply(say.notFound(query)));
    if ('candidates' in found) {
      return void (await ctx.reply(
        [say.several, ...found.candidates.map((c) => `  ${c.name} · ${c.userId.replace(/^tg:/, '')}`)].join(
          '\n',
        ),
      ));
    }
    const result = await learnerSummary(summary, { scope, userId: found.userId, now: now() });
    if (result === 'out-of-scope') return void (await ctx.reply(say.outOfScope(query)));
    if (!result) return void (await ctx.reply(say.notFound(query)));
    await sendLongMessage(ctx, formatLearner(result, say));
  });
  return composer;
}
