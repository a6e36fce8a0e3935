/**
 * @module Onboarding on /start and /profile: language, role, products, platforms, stage, goal — buttons
 * where possible, a typed answer for products. Skippable, resumable (the step is in the profile), editable.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { Coach } from '../../../core/coach.ts';
import { languageFromHint } from '../../../core/language.ts';
import { phrases } from '../../../core/phrases.ts';
import type { Language } from '../../../core/turn.ts';
import type { Learning } from '../../../learning/learning.ts';
import { learningPhrases } from '../../../learning/phrases.ts';
import {
  goals,
  type OnboardingStep,
  onboardingSteps,
  type Profile,
  platformIds,
  stages,
} from '../../../learning/profile.ts';
import type { Cohorts } from '../../../trainer/cohorts.ts';
import { commandsAndButtons } from '../commands-and-buttons.ts';
import type { BotContext } from '../context.ts';
import { telegramUserId, turnFromContext } from '../turn-from-context.ts';

/** The language to talk to a learner in. */
export function learnerLanguage(profile: Profile, ctx: BotContext): Language {
  return profile.language ?? languageFromHint(ctx.from?.language_code);
}

function unanswered(profile: Profile, step: OnboardingStep): boolean {
  if (step === 'platforms') return profile.platforms.length === 0;
  return profile[step] === undefined;
}

/** The step after `step` that still has no answer, or `done`. */
function following(profile: Profile, step: OnboardingStep): Profile['onboarding'] {
  const rest = onboardingSteps.slice(onboardingSteps.indexOf(step) + 1);
  return rest.find((next) => unanswered(profile, next)) ?? 'done';
}

function question(
  step: OnboardingStep,
  profile: Profile,
  language: Language,
): { text: string; keyboard: InlineKeyboard } {
  const say = learningPhrases(language);
  const keyboard = new InlineKeyboard();
  const options: Record<OnboardingStep, Array<[string, string]>> = {
    language: [
      ['中文', 'zh'],
      ['English', 'en'],
    ],
    role: (['owner', 'anchor'] as const).map((role) => [say.roles[role], role]),
    products: [],
    platforms: platformIds.map((id) => [
      `${profile.platforms.includes(id) ? '☑️ ' : ''}${say.platforms[id]}`,
      id,
    ]),
    stage: stages.map((stage) => [say.stages[stage], stage]),
    goal: goals.map((goal) => [say.goals[goal], goal]),
  };
  for (const [label, value] of options[step]) keyboard.text(label, `ob:${step}:${value}`).row();
  if (step === 'platforms') keyboard.text(say.doneChoosing, 'ob:platforms:done').row();
  keyboard.text(say.skip, `ob:${step}:skip`);
  return { text: say.ask[step], keyboard };
}

async function askStep(ctx: BotContext, profile: Profile): Promise<void> {
  const language = learnerLanguage(profile, ctx);
  if (profile.onboarding === 'done') {
    await ctx.reply(learningPhrases(language).onboarded);
    return;
  }
  const { text, keyboard } = question(profile.onboarding, profile, language);
  await ctx.reply(text, { reply_markup: keyboard });
}

/** /start (greeting, cohort from the deep-link payload, then onboarding), /profile, and the answers. */
export function onboardingFeature(
  coach: Coach,
  learning: Learning,
  cohorts?: Pick<Cohorts, 'join'>,
): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // Commands and buttons sit behind one cheap check, so a plain question only meets the typed-answer step.
  const commands = new Composer<BotContext>();
  composer.use(commandsAndButtons(commands));
  const privateCommands = commands.chatType('private');

  commands.command('start', async (ctx) => {
    const { text: _, ...who } = turnFromContext(ctx, '');
    const user = await coach.greet(who);
    const payload = ctx.match.trim().slice(0, 64);
    const profile = await learning.updateProfile(user.id, (p) => ({ ...p, cohort: payload || p.cohort }));
    if (payload) await cohorts?.join(payload, user.id);
    await ctx.reply(phrases(profile.language ?? user.language).greeting(ctx.from?.first_name ?? ''));
    if (ctx.chat.type === 'private' && profile.onboarding !== 'done') await askStep(ctx, profile);
  });

  privateCommands.command('profile', async (ctx) => {
    const profile = await learning.profile(telegramUserId(ctx.from.id));
    const language = learnerLanguage(profile, ctx);
    const say = learningPhrases(language);
    const value = (step: OnboardingStep): string => {
      if (step === 'platforms')
        return profile.platforms.map((p) => say.platforms[p]).join('、') || say.notSet;
      if (step === 'language')
        return profile.language === 'en' ? 'English' : profile.language ? '中文' : say.notSet;
      if (step === 'role') return profile.role ? say.roles[profile.role] : say.notSet;
      if (step === 'stage') return profile.stage ? say.stages[profile.stage] : say.notSet;
      if (step === 'goal') return profile.goal ? say.goals[profile.goal] : say.notSet;
      return profile.products ?? say.notSet;
    };
    const colon = language === 'zh' ? '：' : ': ';
    const lines = onboardingSteps.map((step) => `${say.fields[step]}${colon}${value(step)}`);
    if (profile.cohort) lines.push(`${say.fields.cohort}${colon}${profile.cohort}`);
    const keyboard = new InlineKeyboard();
    for (const step of onboardingSteps)
      keyboard.text(`${say.edit} ${say.fields[step]}`, `ob:edit:${step}`).row();
    await ctx.reply(`${say.profileTitle}\n${lines.join('\n')}`, { reply_markup: keyboard });
  });

  commands.callbackQuery(/^ob:(\w+):([\w-]+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const userId = telegramUserId(ctx.from.id);
    const [, field, value] = ctx.match as unknown as [string, string, string];
    const profile = await learning.updateProfile(userId, (p) => applyAnswer(p, field, value));
    // Platforms is a multi-select: redraw its buttons until "done".
    if (field === 'platforms' && value !== 'done' && value !== 'skip') {
      const { keyboard } = question('platforms', profile, learnerLanguage(profile, ctx));
      await ctx.editMessageReplyMarkup({ reply_markup: keyboard }).catch(() => {});
      return;
    }
    await ctx.editMessageReplyMarkup().catch(() => {});
    await askStep(ctx, profile);
  });

  // The one typed answer: what they sell. Anything else goes on to the coach. (A plain test rather than
  // `chatType('private').on('message:text')`: every question passes here, and grammY builds a small
  // middleware tree per filter per update.)
  composer.use(async (ctx, next) => {
    const text = ctx.message?.text;
    if (ctx.chat?.type !== 'private' || !ctx.from || text === undefined || text.startsWith('/'))
      return next();
    const userId = telegramUserId(ctx.from.id);
    // Read with the rest of what the coach needs, in one round trip; the coach reuses it. Redis down: an
    // empty profile, and the question still goes to the coach, which answers without memory.
    const learner = await coach.context(userId);
    const profile = learner.profile;
    if (profile.onboarding !== 'products') {
      ctx.learner = learner;
      return next();
    }
    const updated = await learning.saveProfile(userId, {
      ...profile,
      products: text.trim().slice(0, 200),
      onboarding: following({ ...profile, products: text }, 'products'),
    });
    await askStep(ctx, updated);
  });

  return composer;
}

/** The profile after one button press `ob:<field>:<value>`. */
export function applyAnswer(profile: Profile, field: string, value: string): Profile {
  if (field === 'edit') {
    const step = onboardingSteps.find((s) => s === value);
    if (!step) return profile;
    const cleared: Profile =
      step === 'platforms' ? { ...profile, platforms: [] } : { ...profile, [step]: undefined };
    return { ...cleared, onboarding: step };
  }
  const step = onboardingSteps.find((s) => s === field);
  if (!step) return profile;
  if (value === 'skip') return { ...profile, onboarding: following(profile, step) };
  let next: Profile = profile;
  if (step === 'language' && (value === 'zh' || value === 'en')) next = { ...profile, language: value };
  if (step === 'role' && (value === 'owner' || value === 'anchor')) next = { ...profile, role: value };
  if (step === 'stage') next = { ...profile, stage: stages.find((s) => s === value) ?? profile.stage };
  if (step === 'goal') next = { ...profile, goal: goals.find((g) => g === value) ?? profile.goal };
  if (step === 'platforms') {
    if (value === 'done') return { ...profile, onboarding: following(profile, step) };
    const id = platformIds.find((p) => p === value);
    if (!id) return profile;
    const platforms = profile.platforms.includes(id)
      ? profile.platforms.filter((p) => p !== id)
      : [...profile.platforms, id];
    return { ...profile, platforms };
  }
  return { ...next, onboarding: following(next, step) };
}
