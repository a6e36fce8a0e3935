/**
 * @module /announce <cohort> <text>: a trainer's message to every learner of a cohort. The trainer confirms
 * with buttons (showing how many will get it); the sending runs in the background within Telegram's
 * broadcast limits (`trainer/broadcast.ts`), and a delivery report follows. The text can also be the
 * message the command replies to, or the trainer's next message.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Composer, GrammyError, InlineKeyboard } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { Logger } from '../../../logging/logger.ts';
import type { Announcement, Announcements } from '../../../trainer/announcements.ts';
import {
  type BackgroundBroadcasts,
  type BroadcastReport,
  type BroadcastSend,
  broadcast,
} from '../../../trainer/broadcast.ts';
import type { Cohorts } from '../../../trainer/cohorts.ts';
import type { Roles } from '../../../trainer/roles.ts';
import type { BotContext } from '../context.ts';

const words = {
  zh: {
    usage:
      '用法：/announce <班级代码> <通知内容>，或者 /announce <班级代码> 再发内容。/cohorts 查看班级代码。',
    noCohort: (code: string) => `没有你的班级 ${code}。/cohorts 查看你的班级。`,
    empty: (name: string) => `「${name}」还没有学员。`,
    askText: (name: string, n: number) =>
      `📣 发给「${name}」的 ${n} 位学员：请发送通知内容（回复这条消息）。`,
    confirm: (name: string, n: number, text: string) =>
      `📣 发给「${name}」的 ${n} 位学员：\n\n${text}\n\n确认发送吗？`,
    send: (n: number) => `✅ 发送给 ${n} 人`,
    cancel: '取消',
    sending: (name: string, n: number) => `📣 正在发送给「${name}」的 ${n} 位学员…`,
    cancelled: '已取消，没有发送。',
    alreadySent: '这条通知已经在发送或发过了，不会重复发送。',
    alreadyCancelled: '这条通知已经取消了。',
    gone: '找不到这条通知（可能已过期）。',
    report: (name: string, r: BroadcastReport) =>
      `📣 「${name}」通知发送完毕：送达 ${r.sent} · 屏蔽了机器人 ${r.blocked} · 失败 ${r.failed}` +
      `${r.skipped ? ` · 未发（机器人停止）${r.skipped}` : ''} · 用时 ${(r.ms / 1000).toFixed(1)} 秒`,
  },
  en: {
    usage:
      'Usage: /announce <cohort code> <text>, or /announce <cohort code> and then the text. /cohorts lists the codes.',
    noCohort: (code: string) => `You have no cohort ${code}. /cohorts lists yours.`,
    empty: (name: string) => `“${name}” has no learners yet.`,
    askText: (name: string, n: number) =>
      `📣 To the ${n} learners of “${name}”: send the announcement text (reply to this message).`,
    confirm: (name: string, n: number, text: string) =>
      `📣 To the ${n} learners of “${name}”:\n\n${text}\n\nSend it?`,
    send: (n: number) => `✅ Send to ${n}`,
    cancel: 'Cancel',
    sending: (name: string, n: number) => `📣 Sending to the ${n} learners of “${name}”…`,
    cancelled: 'Cancelled; nothing was sent.',
    alreadySent: 'This announcement is being sent or was sent already; it is not sent twice.',
    alreadyCancelled: 'This announcement was cancelled.',
    gone: 'This announcement is gone (it may have expired).',
    report: (name: string, r: BroadcastReport) =>
      `📣 Announcement to “${name}” done: delivered ${r.sent} · blocked the bot ${r.blocked} · failed ${r.failed}` +
      `${r.skipped ? ` · not sent (bot stopping) ${r.skipped}` : ''} · took ${(r.ms / 1000).toFixed(1)} s`,
  },
};

/** Longest announcement text (the confirmation adds a header and must stay within 4,096 characters). */
const maxText = 3_500;

/** What /announce needs. */
export interface AnnounceDeps {
  roles: Pick<Roles, 'isAdmin'>;
  cohorts: Cohorts;
  announcements: Announcements;
  broadcasts: BackgroundBroadcasts;
  /** Turns a learner's reminders off (they blocked the bot). */
  stopReminders: (userId: string) => Promise<void>;
  logger: Logger;
  /** Messages per second (default 25, under Telegram's ~30). */
  perSecond?: number;
  now: () => number;
}

/**
 * The Telegram side of a broadcast: `sendMessage` to `tg:<id>`; 403 is "blocked", 429 hands its
 * `retry_after` to the broadcast loop (which pauses every sender), anything else is "failed".
 */
export function telegramBroadcastSend(api: Api): BroadcastSend {
  return async (userId, text) => {
    const chatId = Number(userId.replace(/^tg:/, ''));
    if (!userId.startsWith('tg:') || !Number.isSafeInteger(chatId)) return 'failed';
    try {
      await api.sendMessage(chatId, text);
      return 'sent';
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403) return 'blocked';
      if (error instanceof GrammyError && error.error_code === 429)
        return { retryAfterMs: (error.parameters.retry_after ?? 1) * 1_000 };
      return 'failed';
    }
  };
}

/** /announce and its buttons (mounted behind the trainer filter). */
export function announceFeature({
  roles,
  cohorts,
  announcements,
  broadcasts,
  stopReminders,
  logger,
  perSecond = 25,
  now,
}: AnnounceDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  let broadcastApi: Api | undefined;
  // The bot's own API retries 429s inside each call; a broadcast must see them to pause every sender,
  // so it gets a client that retries only network and server errors.
  const apiFor = (ctx: BotContext) => {
    if (!broadcastApi) {
      broadcastApi = new Api(ctx.api.token, ctx.api.options);
      broadcastApi.config.use(autoRetry({ maxDelaySeconds: 0, maxRetryAttempts: 2 }));
    }
    return broadcastApi;
  };

  async function visibleCohort(ctx: BotContext, code: string) {
    const cohort = await cohorts.get(code);
    if (!cohort) return undefined;
    return roles.isAdmin(ctx.from!.id) || cohort.trainerId === ctx.from!.id ? cohort : undefined;
  }

  async function confirm(ctx: BotContext, code: string, text: string): Promise<void> {
    const say = words[languageFromHint(ctx.from?.language_code)];
    const cohort = await visibleCohort(ctx, code);
    if (!cohort) return void (await ctx.reply(say.noCohort(code)));
    const n = (await cohorts.members(code)).length;
    if (n === 0) return void (await ctx.reply(say.empty(cohort.name)));
    const body = text.slice(0, maxText);
    const draft = await announcements.draft({ cohort: code, trainerId: ctx.from!.id, text: body }, now());
    await ctx.reply(say.confirm(cohort.name, n, body), {
      reply_markup: new InlineKeyboard()
        .text(say.send(n), `an:go:${draft.id}`)
        .text(say.cancel, `an:no:${draft.id}`),
    });
  }

  composer.command('announce', async (ctx) => {
    const say = words[languageFromHint(ctx.from?.language_code)];
    const [, code, rest] = /^\s*(\S+)\s*([\s\S]*)$/.exec(ctx.match) ?? [];
    if (!code) return void (await ctx.reply(say.usage));
    const replied = ctx.message?.reply_to_message;
    const text = rest?.trim() || replied?.text || replied?.caption || '';
    if (text) return confirm(ctx, code, text);
    const cohort = await visibleCohort(ctx, code);
    if (!cohort) return void (await ctx.reply(say.noCohort(code)));
    await announcements.awaitText(ctx.from!.id, code);
    await ctx.reply(say.askText(cohort.name, (await cohorts.members(code)).length), {
      reply_markup: { force_reply: true },
    });
  });

  // The text after `/announce <code>`: the trainer's next message (a reply to the prompt, or not).
  composer.on('message:text', async (ctx, next) => {
    if (ctx.message.text.startsWith('/')) return next();
    const code = await announcements.takeAwaited(ctx.from.id);
    if (!code) return next();
    await confirm(ctx, code, ctx.message.text);
  });

  composer.callbackQuery(/^an:(go|no):([\w-]{1,32})$/, async (ctx) => {
    const say = words[languageFromHint(ctx.from.language_code)];
    const [, action, id] = ctx.match as unknown as [string, 'go' | 'no', string];
    const draft = await announcements.get(id);
    if (!draft || (draft.trainerId !== ctx.from.id && !roles.isAdmin(ctx.from.id))) {
      return void (await ctx.answerCallbackQuery({ text: say.gone }));
    }
    const { won, claimed } = await announcements.claim(id, action === 'go' ? 'send' : 'cancel');
    if (!won) {
      await ctx.answerCallbackQuery({ text: claimed === 'cancel' ? say.alreadyCancelled : say.alreadySent });
      return;
    }
    await ctx.answerCallbackQuery();
    const cohort = await cohorts.get(draft.cohort);
    if (action === 'no' || !cohort) return void (await ctx.editMessageText(say.cancelled));
    const members = await cohorts.members(draft.cohort);
    await ctx.editMessageText(`${say.sending(cohort.name, members.length)}\n\n${draft.text}`);
    const api = apiFor(ctx);
    const chatId = ctx.chat!.id;
    // Not awaited: the trainer's chat stays responsive while a big cohort is sent to.
    broadcasts.start((signal) => deliver(api, ctx.api, chatId, draft, cohort.name, members, say, signal));
  });

  async function deliver(
    api: Api,
    botApi: BotContext['api'],
    chatId: number,
    draft: Announcement,
    cohortName: string,
    members: string[],
    say: (typeof words)['zh'],
    signal: AbortSignal,
  ): Promise<void> {
    const report = await broadcast(members, draft.text, telegramBroadcastSend(api), {
      perSecond,
      signal,
      onOutcome: async (userId, outcome) => {
        if (outcome === 'blocked')
          await stopReminders(userId).catch((error: unknown) =>
            logger.warn({ err: String(error), userId }, 'could not stop reminders'),
          );
      },
    });
    await announcements.finish(draft.id, report);
    logger.info(
      { announcement: draft.id, cohort: draft.cohort, ...report, blockedIds: undefined },
      'announcement sent',
    );
    await botApi.sendMessage(chatId, say.report(cohortName, report));
  }

  return composer;
}
