/**
 * @module Admin commands for limits and cost: `/limits` (show), `/limits set <field> <n|default>`,
 * `/limits user <telegram id> [<field> <n|default>]`, `/usage [cohort]`. Admins only (ADMIN_IDS); anyone else
 * gets the ordinary bot. Changes are stored in Redis and take effect in every bot process at once.
 */
import { Composer } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { Language } from '../../../core/turn.ts';
import type { Limits } from '../../../limits/limits.ts';
import {
  isLimitField,
  type LimitField,
  limitFields,
  maxLimitValue,
  minimumOf,
} from '../../../limits/settings.ts';
import { addTotals, emptyTotals, type UsageTotals } from '../../../limits/usage.ts';
import type { Cohorts } from '../../../trainer/cohorts.ts';
import type { Roles } from '../../../trainer/roles.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage } from '../reply.ts';
import { adminOnly } from '../staff.ts';
import { telegramUserId } from '../turn-from-context.ts';

/** What the admin commands need. */
export interface LimitsAdminDeps {
  limits: Pick<Limits, 'admit' | 'settings' | 'usage' | 'budget'>;
  roles: Pick<Roles, 'isAdmin'>;
  cohorts: Pick<Cohorts, 'all' | 'members'>;
}

const words = {
  zh: {
    title: '⚙️ 限额（所有用户）',
    defaultWas: (n: number) => `默认 ${n}`,
    staff: (x: number) => `培训师和管理员：×${x}（单独设置的除外）`,
    perUser: '单独设置的用户：',
    none: '无',
    help: '修改：/limits set <字段> <数字|default>\n单个用户：/limits user <Telegram ID> <字段> <数字|default>\n字段：',
    set: (f: string, v: string) => `✅ ${f} = ${v}`,
    userTitle: (id: string) => `👤 ${id} 的限额`,
    own: '单独设置',
    todayUsed: (q: number, t: number) => `今天：${q} 个问题，${t} tokens`,
    bad: (f: string, min: number) => `❌ ${f} 需要 ${min} 到 ${maxLimitValue} 的整数，或 default`,
    usage: (days: number, currency: string) => `💰 用量与成本（今天 / 最近${days}天，${currency}）`,
    all: '全部',
    byCohort: '按班级',
    topUsers: (n: number) => `用量最多的${n}人（${7}天）`,
    noCohort: (code: string) => `没有班级 ${code}。/cohorts 查看全部。`,
    members: '成员',
    q: '问',
  },
  en: {
    title: '⚙️ Limits (everyone)',
    defaultWas: (n: number) => `default ${n}`,
    staff: (x: number) => `Trainers and admins: ×${x} (unless set for them)`,
    perUser: 'Users with their own limits:',
    none: 'none',
    help: 'Change: /limits set <field> <n|default>\nOne user: /limits user <telegram id> <field> <n|default>\nFields: ',
    set: (f: string, v: string) => `✅ ${f} = ${v}`,
    userTitle: (id: string) => `👤 Limits of ${id}`,
    own: 'own',
    todayUsed: (q: number, t: number) => `Today: ${q} questions, ${t} tokens`,
    bad: (f: string, min: number) =>
      `❌ ${f} needs a whole number from ${min} to ${maxLimitValue}, or default`,
    usage: (days: number, currency: string) => `💰 Usage and cost (today / last ${days} days, ${currency})`,
    all: 'Everyone',
    byCohort: 'By cohort',
    topUsers: (n: number) => `Top ${n} users (7 days)`,
    noCohort: (code: string) => `No cohort ${code}. See /cohorts.`,
    members: 'Members',
    q: 'q',
  },
};

const settingKey = {
  per_minute: 'perMinute',
  burst: 'burst',
  daily_questions: 'dailyQuestions',
  daily_tokens: 'dailyTokens',
} as const satisfies Record<LimitField, string>;

/** `n`, `default`/`off` (remove the override), or an error. */
function parseValue(field: LimitField, raw: string | undefined): number | undefined | Error {
  if (raw === undefined) return new Error('missing');
  if (/^(default|off|reset)$/i.test(raw)) return undefined;
  const value = Number(raw.replace(/[_,]/g, ''));
  return Number.isInteger(value) && value >= minimumOf(field) && value <= maxLimitValue
    ? value
    : new Error('range');
}

/** A Telegram id (`123`) or a coach id (`tg:123`) as the coach's user id. */
function userIdOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return telegramUserId(Number(raw));
  return /^tg:\d+$/.test(raw) ? raw : undefined;
}

/** One line of totals: "12 q · 34,567 tok · 0.1234". */
export function formatTotals(totals: UsageTotals, language: Language): string {
  const cost = totals.cost < 1 ? totals.cost.toFixed(4) : totals.cost.toFixed(2);
  const tokens = (totals.promptTokens + totals.completionTokens).toLocaleString('en-US');
  return `${totals.questions} ${words[language].q} · ${tokens} tok · ${cost}`;
}

/** /limits and /usage for admins. */
export function limitsAdminFeature({ limits, roles, cohorts }: LimitsAdminDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admins = composer.filter(adminOnly(roles));

  async function showLimits(language: Language): Promise<string> {
    const w = words[language];
    const { global, users } = await limits.settings.overrides();
    const defaults = limits.settings.defaults;
    const lines = [w.title];
    for (const field of limitFields) {
      const set = global[field];
      const base = defaults[settingKey[field]];
      lines.push(set === undefined ? `${field}: ${base}` : `${field}: ${set} (${w.defaultWas(base)})`);
    }
    lines.push('', w.perUser);
    const userLines = Object.entries(users).map(
      ([id, fields]) =>
        `${id}: ${Object.entries(fields)
          .map(([f, v]) => `${f}=${v}`)
          .join(', ')}`,
    );
    lines.push(...(userLines.length > 0 ? userLines : [w.none]), '', `${w.help}${limitFields.join(', ')}`);
    return lines.join('\n');
  }

  admins.command('limits', async (ctx) => {
    const language = languageFromHint(ctx.from?.language_code);
    const w = words[language];
    const [verb, ...rest] = ctx.match.trim().split(/\s+/).filter(Boolean);
    if (verb === 'set' && rest[0] && isLimitField(rest[0])) {
      const field = rest[0];
      const value = parseValue(field, rest[1]);
      if (value instanceof Error) return void (await ctx.reply(w.bad(field, minimumOf(field))));
      await limits.settings.setGlobal(field, value);
      return void (await ctx.reply(
        w.set(field, String(value ?? `default (${limits.settings.defaults[settingKey[field]]})`)),
      ));
    }
    const userId = verb === 'user' ? userIdOf(rest[0]) : undefined;
    if (userId && rest[1] && isLimitField(rest[1])) {
      const field = rest[1];
      const value = parseValue(field, rest[2]);
      if (value instanceof Error) return void (await ctx.reply(w.bad(field, minimumOf(field))));
      await limits.settings.setUser(userId, field, value);
      return void (await ctx.reply(`${userId}: ${w.set(field, String(value ?? 'default'))}`));
    }
    if (userId && rest.length === 1) {
      const [effective, today] = await Promise.all([
        limits.settings.forUser(userId),
        limits.budget.today(userId),
      ]);
      const lines = [w.userTitle(userId)];
      for (const field of limitFields)
        lines.push(
          `${field}: ${effective[settingKey[field]]}${effective.own.includes(field) ? ` (${w.own})` : ''}`,
        );
      lines.push(w.todayUsed(today.questions, today.promptTokens + today.completionTokens));
      return void (await ctx.reply(lines.join('\n')));
    }
    await sendLongMessage(ctx, await showLimits(language));
  });

  admins.command('usage', async (ctx) => {
    const language = languageFromHint(ctx.from?.language_code);
    const w = words[language];
    const code = ctx.match.trim();
    const all = await cohorts.all();
    if (code) {
      const cohort = all.find((c) => c.code === code || c.name === code);
      if (!cohort) return void (await ctx.reply(w.noCohort(code)));
      const report = await limits.usage.report({ members: await cohorts.members(cohort.code) });
      const lines = [
        w.usage(report.days, report.currency),
        `${cohort.name} (${cohort.code})`,
        `${formatTotals(report.today, language)} / ${formatTotals(report.period, language)}`,
        '',
        `${w.members}:`,
        ...report.users.map(
          (u) => `${u.userId}: ${formatTotals(u.today, language)} / ${formatTotals(u.period, language)}`,
        ),
      ];
      return void (await sendLongMessage(ctx, lines.join('\n')));
    }
    const report = await limits.usage.report();
    const lines = [
      w.usage(report.days, report.currency),
      `${w.all}: ${formatTotals(report.today, language)} / ${formatTotals(report.period, language)}`,
    ];
    if (all.length > 0) {
      lines.push('', `${w.byCohort}:`);
      for (const cohort of all) {
        const members = new Set(await cohorts.members(cohort.code));
        const rows = report.users.filter((u) => members.has(u.userId));
        const today = rows.reduce((sum, u) => addTotals(sum, u.today), emptyTotals());
        const period = rows.reduce((sum, u) => addTotals(sum, u.period), emptyTotals());
        lines.push(
          `${cohort.name} (${cohort.code}): ${formatTotals(today, language)} / ${formatTotals(period, language)}`,
        );
      }
    }
    const top = report.users.slice(0, 10);
    if (top.length > 0) {
      lines.push('', `${w.topUsers(top.length)}:`);
      for (const u of top) lines.push(`${u.userId}: ${formatTotals(u.period, language)}`);
    }
    await sendLongMessage(ctx, lines.join('\n'));
  });

  return composer;
}
