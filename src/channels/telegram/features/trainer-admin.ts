/**
 * @module Admins manage trainers from Telegram: /addtrainer, /removetrainer, /trainers. Added trainers are
 * kept in Redis, so every bot process lets them in at once. A trainer who tries these is told they are for
 * admins; anyone else never gets here (the trainer filter sends them to the ordinary bot).
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { languageFromHint } from '../../../core/language.ts';
import type { ConversationMemory } from '../../../memory/conversation-memory.ts';
import { chinaDay } from '../../../trainer/reports.ts';
import type { Roles } from '../../../trainer/roles.ts';
import type { Usernames } from '../../../trainer/usernames.ts';
import type { BotContext } from '../context.ts';
import { adminOnly } from '../staff.ts';
import { telegramUserId } from '../turn-from-context.ts';

const words = {
  zh: {
    adminsOnly: '这个命令只有管理员（ADMIN_IDS）能用。',
    addUsage:
      '用法：/addtrainer <用户ID 或 @用户名>，或者转发这个人的一条消息给我，再回复那条消息发 /addtrainer。',
    removeUsage: '用法：/removetrainer <用户ID 或 @用户名>（也可以回复那个人的消息）。',
    unknown: (who: string) => `找不到 ${who}：请用数字用户ID，或者让对方先给机器人发一条消息。`,
    added: (name: string) => `✅ ${name} 现在是培训老师了，可以用 /stats /gaps /cohort 等命令。`,
    alreadyAdmin: (name: string) => `${name} 是管理员，已经能用所有培训命令。`,
    removed: (name: string) => `已取消 ${name} 的培训老师身份。`,
    fromConfig: (name: string) => `${name} 在配置 TRAINER_IDS 里，要在配置里删掉再重启。`,
    notTrainer: (name: string) => `${name} 不是培训老师。`,
    list: '👩‍🏫 培训老师',
    configured: '配置',
    addedBy: (by: number, day: string) => `${day} 由 ${by} 添加`,
    none: '还没有培训老师。',
  },
  en: {
    adminsOnly: 'This command is for admins only (ADMIN_IDS).',
    addUsage:
      'Usage: /addtrainer <user id or @username>, or forward me a message from them and reply to it with /addtrainer.',
    removeUsage: 'Usage: /removetrainer <user id or @username> (or reply to a message from them).',
    unknown: (who: string) =>
      `I don't know ${who}: use their numeric user id, or ask them to write to the bot first.`,
    added: (name: string) =>
      `✅ ${name} is a trainer now: /stats, /gaps, /cohort and the rest work for them.`,
    alreadyAdmin: (name: string) => `${name} is an admin and has every trainer command already.`,
    removed: (name: string) => `${name} is no longer a trainer.`,
    fromConfig: (name: string) => `${name} is in TRAINER_IDS: remove them from the config and restart.`,
    notTrainer: (name: string) => `${name} is not a trainer.`,
    list: '👩‍🏫 Trainers',
    configured: 'config',
    addedBy: (by: number, day: string) => `added by ${by} on ${day}`,
    none: 'No trainers yet.',
  },
};

/** What the admin commands need. */
export interface TrainerAdminDeps {
  roles: Roles;
  usernames: Pick<Usernames, 'lookup'>;
  memory: Pick<ConversationMemory, 'user'>;
  now: () => number;
}

/**
 * The Telegram user a command points at: its argument (an id, `tg:<id>` or `@username`), or the message it
 * replies to (a forwarded message's original sender, else that message's author).
 */
export async function targetUser(
  ctx: BotContext,
  argument: string,
  usernames: Pick<Usernames, 'lookup'>,
): Promise<{ id: number } | { unknown: string } | undefined> {
  const wanted = argument.trim().split(/\s+/)[0] ?? '';
  if (/^(tg:)?\d{1,15}$/.test(wanted)) return { id: Number(wanted.replace(/^tg:/, '')) };
  if (wanted.startsWith('@')) {
    const userId = await usernames.lookup(wanted);
    return userId?.startsWith('tg:') ? { id: Number(userId.slice(3)) } : { unknown: wanted };
  }
  if (wanted) return { unknown: wanted };
  const replied = ctx.message?.reply_to_message as Message | undefined;
  const origin = replied?.forward_origin;
  if (origin?.type === 'user') return { id: origin.sender_user.id };
  if (replied?.from && !replied.from.is_bot && replied.from.id !== ctx.from?.id)
    return { id: replied.from.id };
  return undefined;
}

/** /addtrainer, /removetrainer, /trainers (mounted behind the trainer filter). */
export function trainerAdminFeature({
  roles,
  usernames,
  memory,
  now,
}: TrainerAdminDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const nameOf = async (id: number) => {
    const name = (await memory.user(telegramUserId(id)))?.displayName;
    return name ? `${name} (${id})` : String(id);
  };
  const admins = composer.filter(adminOnly(roles));
  // Trainers who are not admins get a clear word instead of the ordinary bot.
  composer
    .filter((ctx) => ctx.from !== undefined && !roles.isAdmin(ctx.from.id))
    .command(['addtrainer', 'removetrainer', 'trainers'], async (ctx) => {
      await ctx.reply(words[languageFromHint(ctx.from?.language_code)].adminsOnly);
    });

  admins.command('addtrainer', async (ctx) => {
    const say = words[languageFromHint(ctx.from?.language_code)];
    const target = await targetUser(ctx, ctx.match, usernames);
    if (!target) return void (await ctx.reply(say.addUsage));
    if ('unknown' in target) return void (await ctx.reply(say.unknown(target.unknown)));
    const name = await nameOf(target.id);
    if (roles.isAdmin(target.id)) return void (await ctx.reply(say.alreadyAdmin(name)));
    await roles.addTrainer(target.id, ctx.from!.id, now());
    await ctx.reply(say.added(name));
  });

  admins.command('removetrainer', async (ctx) => {
    const say = words[languageFromHint(ctx.from?.language_code)];
    const target = await targetUser(ctx, ctx.match, usernames);
    if (!target) return void (await ctx.reply(say.removeUsage));
    if ('unknown' in target) return void (await ctx.reply(say.unknown(target.unknown)));
    const name = await nameOf(target.id);
    if (await roles.removeTrainer(target.id)) return void (await ctx.reply(say.removed(name)));
    const configured = (await roles.trainers()).some((t) => t.id === target.id && 'fromConfig' in t);
    await ctx.reply(configured ? say.fromConfig(name) : say.notTrainer(name));
  });

  admins.command('trainers', async (ctx) => {
    const say = words[languageFromHint(ctx.from?.language_code)];
    const list = await roles.trainers();
    if (list.length === 0) return void (await ctx.reply(say.none));
    const lines = await Promise.all(
      list.map(
        async (t) =>
          `• ${await nameOf(t.id)} · ${'fromConfig' in t ? say.configured : say.addedBy(t.addedBy, chinaDay(t.at))}`,
      ),
    );
    await ctx.reply(`${say.list}\n${lines.join('\n')}`);
  });
  return composer;
}
