/** @module "📖" buttons under an answer open the cited lesson in full. */
import { Composer, InlineKeyboard } from 'grammy';
import type { LessonLibrary } from '../../../core/library.ts';
import type { Citation } from '../../../core/turn.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage } from '../reply.ts';

const prefix = 'lesson:';

/** One button per cited lesson (at most three), each opening it. */
export function lessonButtons(citations: readonly Citation[]): InlineKeyboard | undefined {
  const lessons = citations.filter((c) => c.track !== 'glossary' && c.track !== 'tips').slice(0, 3);
  if (lessons.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  for (const lesson of lessons) {
    const label = lesson.title.length > 28 ? `${lesson.title.slice(0, 27)}…` : lesson.title;
    keyboard.text(`📖 ${label}`, `${prefix}${lesson.id}`).row();
  }
  return keyboard;
}

/** Sends the whole lesson when its button is pressed. */
export function lessonFeature(library: LessonLibrary): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(new RegExp(`^${prefix}(.+)$`), async (ctx) => {
    const lesson = library.lesson(ctx.match[1]!);
    await ctx.answerCallbackQuery();
    if (!lesson) return;
    await sendLongMessage(ctx, `# ${lesson.title}\n\n${lesson.markdown}`);
  });
  return composer;
}
