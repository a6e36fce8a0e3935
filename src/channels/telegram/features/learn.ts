/**
 * @module The course in Telegram: /learn shows the next lesson with buttons (done, explain more, quiz me,
 * skip, read it all, another track); tasks are ticked and quizzes graded with the lesson's explanation.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { Coach } from '../../../core/coach.ts';
import type { Language } from '../../../core/turn.ts';
import { lessonCard } from '../../../learning/cards.ts';
import type { Track } from '../../../learning/course.ts';
import type { Learning } from '../../../learning/learning.ts';
import { learningPhrases } from '../../../learning/phrases.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage, sendReply } from '../reply.ts';
import { telegramUserId, turnFromContext } from '../turn-from-context.ts';
import { learnerLanguage } from './onboarding.ts';

async function showNext(
  ctx: BotContext,
  learning: Learning,
  language: Language,
  track?: Track,
): Promise<void> {
  const say = learningPhrases(language);
  const userId = telegramUserId(ctx.from!.id);
  const next = await learning.next(userId, language, track);
  if (!next) {
    await ctx.reply(say.allDone, {
      reply_markup: new InlineKeyboard().text(say.buttons.tracks, 'ln:tracks'),
    });
    return;
  }
  await learning.open(userId, next.step.topic);
  const text = lessonCard(next, language);
  const t = next.step.topic;
  const keyboard = new InlineKeyboard()
    .text(say.buttons.done, `ln:done:${t}`)
    .text(say.buttons.read, `ln:read:${t}`)
    .row()
    .text(say.buttons.more, `ln:more:${t}`)
    .text(say.buttons.quiz, `ln:quiz:${t}:1`)
    .row()
    .text(say.buttons.skip, `ln:skip:${t}`)
    .text(say.buttons.tracks, 'ln:tracks');
  await ctx.reply(text, { reply_markup: keyboard });
}

async function showTasks(
  ctx: BotContext,
  learning: Learning,
  language: Language,
  topic: string,
): Promise<void> {
  const say = learningPhrases(language);
  const lesson = learning.lesson(topic, language);
  const state = (await learning.progress(telegramUserId(ctx.from!.id))).lessons[topic];
  const keyboard = new InlineKeyboard();
  for (const task of lesson.tasks) {
    const ticked = state?.tasks.includes(task.index) ? `${say.taskDone} ` : '☐ ';
    keyboard.text(`${ticked}${task.text.slice(0, 40)}`, `ln:task:${topic}:${task.index}`).row();
  }
  keyboard.text(say.buttons.next, 'ln:next');
  const list = lesson.tasks.map(
    (task) => `${state?.tasks.includes(task.index) ? say.taskDone : '☐'} ${task.text}`,
  );
  await ctx.reply(`${say.tasksTitle}\n${list.join('\n')}`, { reply_markup: keyboard });
}

async function showQuestion(
  ctx: BotContext,
  learning: Learning,
  language: Language,
  topic: string,
  n: number,
) {
  const say = learningPhrases(language);
  const quiz = learning.lesson(topic, language).quiz;
  const item = quiz[n - 1];
  if (!item) return;
  const keyboard = new InlineKeyboard();
  for (const option of item.options) keyboard.text(option.letter, `ln:ans:${topic}:${n}:${option.letter}`);
  const options = item.options.map((o) => `${o.letter}. ${o.text}`).join('\n');
  await ctx.reply(`${say.quizTitle(n, quiz.length)}\n${item.question}\n\n${options}`, {
    reply_markup: keyboard,
  });
}

/** /learn and the lesson buttons. */
export function learnFeature(coach: Coach, learning: Learning): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const language = async (ctx: BotContext) =>
    learnerLanguage(await learning.profile(telegramUserId(ctx.from!.id)), ctx);

  composer.command('learn', async (ctx) => showNext(ctx, learning, await language(ctx)));

  composer.callbackQuery(/^ln:(\w+)(?::([\w-]+))?(?::(\d+))?(?::([A-Z]))?$/, async (ctx) => {
    const [, action, topic, number, letter] = ctx.match as unknown as [
      string,
      string,
      string?,
      string?,
      string?,
    ];
    const lang = await language(ctx);
    const say = learningPhrases(lang);
    const userId = telegramUserId(ctx.from.id);
    if (action === 'ans' && topic && number && letter) {
      const result = await learning.answerQuiz(userId, topic, Number(number), letter, lang);
      await ctx.answerCallbackQuery({ text: result.correct ? say.right : say.wrong(result.answer) });
      await ctx.editMessageReplyMarkup().catch(() => {});
      await ctx.reply(`${result.correct ? say.right : say.wrong(result.answer)}\n${result.explanation}`);
      if (result.next) await showQuestion(ctx, learning, lang, topic, result.next);
      else await showTasks(ctx, learning, lang, topic);
      return;
    }
    await ctx.answerCallbackQuery();
    switch (action) {
      case 'done':
        await learning.finish(userId, topic!);
        await ctx.editMessageReplyMarkup().catch(() => {});
        return showTasks(ctx, learning, lang, topic!);
      case 'skip':
        await learning.skip(userId, topic!);
        await ctx.editMessageReplyMarkup().catch(() => {});
        return showNext(ctx, learning, lang);
      case 'read': {
        const lesson = learning.lesson(topic!, lang);
        return sendLongMessage(ctx, `# ${lesson.title}\n\n${lesson.body}`);
      }
      case 'quiz':
        return showQuestion(ctx, learning, lang, topic!, Number(number ?? 1));
      case 'task':
        await learning.tickTask(userId, topic!, Number(number));
        await ctx.deleteMessage().catch(() => {});
        return showTasks(ctx, learning, lang, topic!);
      case 'more': {
        const title = learning.lesson(topic!, lang).title;
        return void (await sendReply(ctx, coach.handle(turnFromContext(ctx, say.explainMore(title)))));
      }
      case 'next':
        return showNext(ctx, learning, lang);
      case 'tracks': {
        const keyboard = new InlineKeyboard();
        for (const track of learning.course.tracks)
          keyboard.text(say.tracks[track], `ln:track:${track}`).row();
        return void (await ctx.reply(say.chooseTrack, { reply_markup: keyboard }));
      }
      case 'track': {
        const track = learning.course.tracks.find((t) => t === topic);
        return showNext(ctx, learning, lang, track);
      }
    }
  });
  return composer;
}
