/** @module /progress: each track's progress and one recommended next step. */
import { Composer } from 'grammy';
import { progressBar } from '../../../learning/course.ts';
import type { Learning } from '../../../learning/learning.ts';
import { learningPhrases } from '../../../learning/phrases.ts';
import type { BotContext } from '../context.ts';
import { telegramUserId } from '../turn-from-context.ts';
import { learnerLanguage } from './onboarding.ts';

/** Shows the learner where they are. */
export function progressFeature(learning: Learning): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('progress', async (ctx) => {
    const userId = telegramUserId(ctx.from!.id);
    const profile = await learning.profile(userId);
    const language = learnerLanguage(profile, ctx);
    const say = learningPhrases(language);
    const { tracks, next } = await learning.overview(userId, language);
    const lines = tracks.map((t) =>
      say.progressLine(
        say.tracks[t.track],
        progressBar(t.lessonsDone, t.lessons),
        t.lessonsDone,
        t.lessons,
        t.tasksDone,
        t.quizAnswered ? `${t.quizCorrect}/${t.quizAnswered}` : '-',
      ),
    );
    const nextLine = next ? say.recommended(learning.lesson(next.topic, language).title) : say.allDone;
    await ctx.reply(`${say.progressTitle}\n\n${lines.join('\n')}\n\n${nextLine}`);
  });
  return composer;
}
