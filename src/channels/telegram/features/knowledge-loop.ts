/**
 * @module The knowledge loop in Telegram, for trainers: answer a gap or a 👎 (`/answer`), mark a gap
 * handled by a lesson (`/handled`), see recent 👎 (`/downvotes`), list and withdraw approved answers
 * (`/approved`, `/unapprove`). Approved answers are then served ahead of the model, exactly as written. An
 * answer the compliance checker flags is not stored at once: the trainer sees each flagged span with its
 * rule and reason, then saves it as written (a button) or sends an edited one. Docs: docs/knowledge-loop.md.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { ComplianceChecker } from '../../../compliance/checker.ts';
import type { ComplianceViolation } from '../../../compliance/violation.ts';
import { languageFromHint } from '../../../core/language.ts';
import type { ApprovalDraft, ApprovalDrafts } from '../../../trainer/approval-drafts.ts';
import {
  type ApprovedAnswer,
  type ApprovedAnswers,
  maxApprovedAnswer,
} from '../../../trainer/approved-answers.ts';
import type { Downvote } from '../../../trainer/downvotes.ts';
import { gapReport, type ListedItem, type TrainerLists } from '../../../trainer/gap-report.ts';
import type { GapState, GapStatuses } from '../../../trainer/gap-status.ts';
import type { GapGroup } from '../../../trainer/reports.ts';
import type { Roles } from '../../../trainer/roles.ts';
import { violationList } from '../../check-report.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage } from '../reply.ts';
import { trainerOnly } from '../staff.ts';

/** What the knowledge-loop commands use. */
export interface KnowledgeLoopDeps {
  roles: Pick<Roles, 'isTrainer'>;
  approvedAnswers: ApprovedAnswers;
  gapStatuses: GapStatuses;
  lists: TrainerLists;
  /** Recent 👎 with their turns, newest first. */
  downvotes: () => Promise<Downvote[]>;
  /** Whether a lesson id exists (for `/handled <n> <lesson-id>`). */
  lessonExists: (id: string) => boolean;
  /**
   * The compliance checker, run on an answer when it is approved: flagged words are shown to the trainer,
   * who confirms the text as written or sends an edited one. The bot never changes a trainer's words.
   */
  checker: Pick<ComplianceChecker, 'check'>;
  /** Approvals waiting for that confirmation. */
  drafts: ApprovalDrafts;
}

const words = {
  zh: {
    status: { open: '', answered: '✅已回答 ', handled: '☑️已处理 ' } satisfies Record<
      GapState['status'],
      string
    >,
    answerUsage: '用法：/answer <编号> <回答>（编号来自 /gaps，d编号来自 /downvotes，比如 /answer d2 …）',
    handledUsage: '用法：/handled <编号> [课程id]（编号来自 /gaps）',
    noItem: (ref: string) => `没有第 ${ref} 条。请先发 /gaps 或 /downvotes 看看最新的列表。`,
    approved: (a: ApprovedAnswer) =>
      `✅ 已保存（编号 ${a.id}）。以后有人问「${a.question}」或类似的问题，会直接用你的回答，并注明是你审核的。撤回：/unapprove ${a.id}`,
    handled: (q: string, lesson?: string) =>
      `☑️ 已标记为处理：「${q}」${lesson ? `，对应课程 ${lesson}` : ''}`,
    noLesson: (id: string) => `没有 id 为 ${id} 的课程（课程 id 像 live-opening-zh）。`,
    none: '还没有审核过的回答。',
    approvedList: '✅ 审核过的回答（新的在前）',
    removed: (id: string, reopened: number) =>
      `已撤回 ${id}。${reopened > 0 ? `${reopened} 个问题重新变成待处理。` : ''}`,
    notFound: (id: string) => `没有编号为 ${id} 的审核回答（/approved 查看）。`,
    unapproveUsage: '用法：/unapprove <编号>（编号见 /approved）',
    noDownvotes: '最近30天没有 👎。',
    downvotes: '👎 最近不满意的回答（/answer d编号 <更好的回答>）',
    answer: '回答',
    note: '学员说',
    flagged: (n: number) =>
      `⚠️ 还没保存。自动检查在你的回答里标出 ${n} 处可能违规的说法。学员会看到你写的原文，机器人不会改动：`,
    quoteHint: '如果是在举反面例子，用❌"…"❌把它框起来，检查就不会标它。',
    confirmHow: (ref: string) => `确认没问题，点"照原文保存"；要修改，重新发：/answer ${ref} <改好的回答>`,
    confirm: '✅ 照原文保存',
    cancel: '✖️ 不保存',
    cancelled: '没有保存。',
    draftGone: '这条已经处理过了，或者超过一天已失效。',
    tooLong: (n: number) => `回答太长了（${n} 字），最多 ${maxApprovedAnswer} 字。请分成要点再发。`,
  },
  en: {
    status: { open: '', answered: '✅answered ', handled: '☑️handled ' } satisfies Record<
      GapState['status'],
      string
    >,
    answerUsage: 'Usage: /answer <n> <answer> (n from /gaps; d<n> from /downvotes, e.g. /answer d2 …)',
    handledUsage: 'Usage: /handled <n> [lesson-id] (n from /gaps)',
    noItem: (ref: string) =>
      `There is no item ${ref}. Send /gaps or /downvotes first to see the current list.`,
    approved: (a: ApprovedAnswer) =>
      `✅ Saved (id ${a.id}). From now on "${a.question}" and similar questions get your answer, cited as approved by you. To withdraw: /unapprove ${a.id}`,
    handled: (q: string, lesson?: string) =>
      `☑️ Marked handled: "${q}"${lesson ? `, covered by lesson ${lesson}` : ''}`,
    noLesson: (id: string) => `There is no lesson with id ${id} (lesson ids look like live-opening-en).`,
    none: 'No approved answers yet.',
    approvedList: '✅ Approved answers (newest first)',
    removed: (id: string, reopened: number) =>
      `Withdrawn ${id}.${reopened > 0 ? ` ${reopened} question(s) are open again.` : ''}`,
    notFound: (id: string) => `No approved answer with id ${id} (see /approved).`,
    unapproveUsage: 'Usage: /unapprove <id> (ids in /approved)',
    noDownvotes: 'No 👎 in the last 30 days.',
    downvotes: '👎 Recent answers learners disliked (/answer d<n> <a better answer>)',
    answer: 'answer',
    note: 'learner said',
    flagged: (n: number) =>
      `⚠️ Not saved yet. The automatic check flagged ${n} possible violation(s) in your answer. Learners will see your text exactly as you wrote it; the bot never changes it:`,
    quoteHint: 'If you are quoting a bad example, mark it ❌"…"❌ and the check leaves it alone.',
    confirmHow: (ref: string) =>
      `If it is fine, press "Save as written"; to change it, send again: /answer ${ref} <edited answer>`,
    confirm: '✅ Save as written',
    cancel: '✖️ Don’t save',
    cancelled: 'Not saved.',
    draftGone: 'This one was already handled, or it expired after a day.',
    tooLong: (n: number) =>
      `That answer is too long (${n} characters; at most ${maxApprovedAnswer}). Please shorten it to the main points.`,
  },
};

function say(ctx: BotContext) {
  return words[languageFromHint(ctx.from?.language_code)];
}

function trainerName(ctx: BotContext): string {
  const from = ctx.from!;
  return [from.first_name, from.last_name].filter(Boolean).join(' ') || (from.username ?? String(from.id));
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// The first characters of the /gaps and /downvotes lists (both languages).
const listHeader = /^(📝|👎) /u;

/** `2` → the gaps list's item 2; `d2` → the downvotes list's. */
function parseRef(ref: string | undefined): { kind: 'gaps' | 'downvotes'; n: number } | undefined {
  const match = /^(d?)(\d{1,3})$/i.exec(ref ?? '');
  return match ? { kind: match[1] ? 'downvotes' : 'gaps', n: Number(match[2]) } : undefined;
}

/**
 * The `gapList` for /gaps (see `TrainerDeps.gapList`): open groups first with their state, and the first
 * `shown` remembered as the numbered list the trainer saw.
 */
export function gapListing(
  deps: Pick<KnowledgeLoopDeps, 'gapStatuses' | 'lists'>,
  shown = 20,
): (
  groups: GapGroup[],
  trainerId: number,
  language: 'zh' | 'en',
) => Promise<Array<{ group: GapGroup; label: string }>> {
  return async (groups, trainerId, language) => {
    const report = await gapReport(groups, deps.gapStatuses);
    await deps.lists.remember(
      trainerId,
      'gaps',
      report.slice(0, shown).map((entry) => ({ question: entry.example, refs: entry.keys })),
    );
    return report.map((entry) => {
      const lesson = entry.state.status === 'handled' && entry.state.lesson ? `(${entry.state.lesson}) ` : '';
      return { group: entry, label: `${words[language].status[entry.state.status]}${lesson}` };
    });
  };
}

/** The trainers' knowledge-loop commands. */
export function knowledgeLoopFeature(deps: KnowledgeLoopDeps): Composer<BotContext> {
  const { approvedAnswers, gapStatuses, lists } = deps;
  const composer = new Composer<BotContext>();
  const trainers = composer.filter(trainerOnly(deps.roles));

  async function listed(ctx: BotContext, ref: string): Promise<ListedItem | undefined> {
    const parsed = parseRef(ref);
    return parsed ? lists.item(ctx.from!.id, parsed.kind, parsed.n) : undefined;
  }

  /** Stores a (confirmed or unflagged) answer and marks the gaps it answers. */
  async function store(ctx: BotContext, draft: ApprovalDraft): Promise<ApprovedAnswer> {
    const fromDownvotes = draft.kind === 'downvotes';
    const approved = await approvedAnswers.approve({
      question: draft.question,
      answer: draft.answer,
      trainerId: ctx.from!.id,
      trainerName: trainerName(ctx),
      language: draft.language,
      source: fromDownvotes ? { kind: 'feedback', ref: draft.refs[0] } : { kind: 'gap', ref: draft.refs[0] },
    });
    if (!fromDownvotes)
      await Promise.all(draft.refs.map((key) => gapStatuses.markAnswered(key, ctx.from!.id, approved.id)));
    return approved;
  }

  /** What the checker flags in a trainer's answer, with reasons in the trainer's language. */
  function flagged(ctx: BotContext, text: string): ComplianceViolation[] {
    return deps.checker.check(text, { lang: languageFromHint(ctx.from?.language_code) }).violations;
  }

  async function approveFrom(ctx: BotContext, ref: string, text: string): Promise<void> {
    const t = say(ctx);
    const item = await listed(ctx, ref);
    if (!item) return void (await ctx.reply(t.noItem(ref)));
    const answer = text.trim();
    if (answer.length > maxApprovedAnswer) return void (await ctx.reply(t.tooLong(answer.length)));
    const draft: ApprovalDraft = {
      kind: parseRef(ref)!.kind,
      ref,
      question: item.question,
      refs: item.refs,
      ...(item.language ? { language: item.language } : {}),
      answer,
    };
    const violations = flagged(ctx, answer);
    if (violations.length === 0) return void (await ctx.reply(t.approved(await store(ctx, draft))));
    // Flagged: nothing is stored until the trainer confirms the text as written (or sends an edited one).
    const id = await deps.drafts.save(ctx.from!.id, draft);
    const language = languageFromHint(ctx.from?.language_code);
    await sendLongMessage(
      ctx,
      [
        t.flagged(violations.length),
        violationList(violations, language, { alternatives: false }),
        t.quoteHint,
      ].join('\n\n'),
    );
    await ctx.reply(t.confirmHow(ref), {
      reply_markup: new InlineKeyboard().text(t.confirm, `ka:ok:${id}`).text(t.cancel, `ka:no:${id}`),
    });
  }

  trainers.callbackQuery(/^ka:(ok|no):([0-9a-f]{8})$/, async (ctx) => {
    const t = say(ctx);
    const [, action, id] = ctx.match as unknown as [string, 'ok' | 'no', string];
    const draft = await deps.drafts.take(ctx.from.id, id);
    if (!draft) return void (await ctx.answerCallbackQuery({ text: t.draftGone }));
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (action === 'no') return void (await ctx.reply(t.cancelled));
    await ctx.reply(t.approved(await store(ctx, draft)));
  });

  trainers.command('answer', async (ctx) => {
    const [, ref, text] = /^(\S+)\s+([\s\S]+)$/.exec(ctx.match.trim()) ?? [];
    if (!ref || !text?.trim() || !parseRef(ref)) return void (await ctx.reply(say(ctx).answerUsage));
    await approveFrom(ctx, ref, text);
  });

  // "2 <answer>" as a reply to the bot's /gaps or /downvotes list (numbers of the last list shown).
  trainers.on('message:text', async (ctx, next) => {
    const replied = ctx.message.reply_to_message;
    const list = replied?.from?.id === ctx.me.id ? listHeader.exec(replied.text ?? '')?.[1] : undefined;
    const [, n, text] = /^d?(\d{1,3})\s+([\s\S]+)$/i.exec(ctx.message.text.trim()) ?? [];
    if (!list || !n || !text?.trim()) return next();
    await approveFrom(ctx, `${list === '👎' ? 'd' : ''}${n}`, text);
  });

  trainers.command('handled', async (ctx) => {
    const t = say(ctx);
    const [ref, lesson, ...extra] = ctx.match.trim().split(/\s+/);
    if (!ref || extra.length > 0 || parseRef(ref)?.kind !== 'gaps')
      return void (await ctx.reply(t.handledUsage));
    if (lesson && !deps.lessonExists(lesson)) return void (await ctx.reply(t.noLesson(lesson)));
    const item = await listed(ctx, ref);
    if (!item) return void (await ctx.reply(t.noItem(ref)));
    await Promise.all(item.refs.map((key) => gapStatuses.markHandled(key, ctx.from!.id, lesson)));
    await ctx.reply(t.handled(item.question, lesson));
  });

  trainers.command('approved', async (ctx) => {
    const t = say(ctx);
    const all = await approvedAnswers.list();
    if (all.length === 0) return void (await ctx.reply(t.none));
    const lines = all
      .slice(0, 30)
      .map(
        (a) =>
          `${a.id} · ${clip(a.question, 60)}\n   → ${clip(a.answer, 100)} (${a.trainerName}, ${new Date(a.approvedAt).toISOString().slice(0, 10)})`,
      );
    await sendLongMessage(ctx, `${t.approvedList}\n${lines.join('\n')}`);
  });

  trainers.command('unapprove', async (ctx) => {
    const t = say(ctx);
    const id = ctx.match.trim();
    if (!/^[0-9a-f]{8}$/.test(id)) return void (await ctx.reply(t.unapproveUsage));
    if (!(await approvedAnswers.remove(id))) return void (await ctx.reply(t.notFound(id)));
    await ctx.reply(t.removed(id, await gapStatuses.reopenAnswer(id)));
  });

  trainers.command('downvotes', async (ctx) => {
    const t = say(ctx);
    const found = await deps.downvotes();
    await lists.remember(
      ctx.from!.id,
      'downvotes',
      found.map((d) => ({ question: d.question, refs: [d.turnId], answer: d.answer, language: d.language })),
    );
    if (found.length === 0) return void (await ctx.reply(t.noDownvotes));
    const lines = found.map(
      (d, i) =>
        `d${i + 1}. ${clip(d.question, 80)}\n   ${t.answer}: ${clip(d.answer, 120)}${d.note ? `\n   ${t.note}: ${clip(d.note, 120)}` : ''}`,
    );
    await sendLongMessage(ctx, `${t.downvotes}\n${lines.join('\n')}`);
  });
  return composer;
}
