/**
 * @module /dashboard for trainers: a one-time sign-in link to the web dashboard. Anyone else gets the
 * ordinary bot.
 */
import { Composer } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { Roles } from '../../../trainer/roles.ts';
import type { SignIn } from '../../../trainer/sign-in.ts';
import type { BotContext } from '../context.ts';
import { trainerOnly } from '../staff.ts';

/** What /dashboard needs. */
export interface DashboardLinkDeps {
  roles: Pick<Roles, 'isTrainer'>;
  signIn: Pick<SignIn, 'issue' | 'linkTtlSeconds'>;
  /** The HTTP server's public address; `undefined` when the server is off (PORT unset). */
  publicUrl: string | undefined;
}

const words = {
  zh: {
    link: (url: string, minutes: number) =>
      `培训老师后台登录链接（${minutes}分钟内有效，只能用一次，请勿转发）：\n${url}`,
    off: '后台没有开启：运行机器人时需要设置 PORT（和 PUBLIC_URL）。',
  },
  en: {
    link: (url: string, minutes: number) =>
      `Your dashboard sign-in link (expires in ${minutes} minutes, works once; do not forward it):\n${url}`,
    off: 'The dashboard is off: the bot needs PORT (and PUBLIC_URL) set to serve it.',
  },
};

/** /dashboard for trainers. */
export function dashboardFeature({ roles, signIn, publicUrl }: DashboardLinkDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // In a private chat only: a link posted in a group could be used by anyone there.
  composer
    .chatType('private')
    .filter(trainerOnly(roles))
    .command('dashboard', async (ctx) => {
      const say = words[languageFromHint(ctx.from.language_code)];
      if (!publicUrl) return void (await ctx.reply(say.off));
      const token = await signIn.issue(ctx.from.id);
      const url = `${publicUrl}/dashboard/sign-in?token=${token}`;
      await ctx.reply(say.link(url, Math.max(1, Math.round(signIn.linkTtlSeconds / 60))), {
        link_preview_options: { is_disabled: true },
      });
    });
  return composer;
}
