/**
 * @module Voice questions: voice messages, audio files and video notes are downloaded, transcribed, echoed
 * back ("I heard: …") and answered like text.
 */
import { Composer } from 'grammy';
import type { Coach } from '../../../core/coach.ts';
import { languageFromHint } from '../../../core/language.ts';
import { phrases } from '../../../core/phrases.ts';
import type { Transcriber } from '../../../llm/transcriber.ts';
import type { Logger } from '../../../logging/logger.ts';
import type { BotContext } from '../context.ts';
import { type ReplyOptions, sendReply } from '../reply.ts';
import { turnFromContext } from '../turn-from-context.ts';
import { answerKeyboard } from './feedback.ts';

/** Longest recording transcribed, in seconds. */
export const maxVoiceSeconds = 180;
/** The Bot API's download limit for bots. */
export const maxVoiceBytes = 20 * 1024 * 1024;

/** Voice in; an answer out. Without a transcriber, a clear message. */
export function voiceFeature(
  coach: Coach,
  transcribe: Transcriber | undefined,
  {
    token,
    apiRoot,
    logger,
    signal,
    draftOf,
  }: { token: string; apiRoot: string; logger: Logger; signal?: AbortSignal } & Pick<ReplyOptions, 'draftOf'>,
): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on(['message:voice', 'message:audio', 'message:video_note'], async (ctx) => {
    const say = phrases(languageFromHint(ctx.from?.language_code));
    const media = ctx.message.voice ?? ctx.message.audio ?? ctx.message.video_note!;
    if (!transcribe) return void (await ctx.reply(say.voiceUnavailable));
    if ((media.duration ?? 0) > maxVoiceSeconds || (media.file_size ?? 0) > maxVoiceBytes) {
      return void (await ctx.reply(say.voiceTooLong(maxVoiceSeconds)));
    }
    await ctx.replyWithChatAction('typing');
    let text: string;
    try {
      const file = await ctx.api.getFile(media.file_id);
      const response = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`, {
        signal: AbortSignal.timeout(30_000),
      });
      if (!response.ok) throw new Error(`download answered ${response.status}`);
      const audio = Buffer.from(await response.arrayBuffer());
      const name = file.file_path?.split('/').pop() ?? 'voice.ogg';
      text = await transcribe(audio, /\.\w+$/.test(name) ? name : `${name}.ogg`);
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'transcription failed');
      return void (await ctx.reply(say.voiceFailed));
    }
    if (!text) return void (await ctx.reply(say.voiceFailed));
    await ctx.reply(say.heard(text));
    await sendReply(
      ctx,
      coach.handle(turnFromContext(ctx, text), { signal, modelAllowed: ctx.admission?.modelAllowed }),
      { keyboard: answerKeyboard, draftOf },
    );
  });
  return composer;
}
