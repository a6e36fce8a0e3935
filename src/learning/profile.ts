/** @module What Cunbo knows about a learner: role, products, platforms, stage, goal, cohort, reminders. */
import { z } from 'zod';
import { parseStoredJson } from '../redis/stored-json.ts';

/** Onboarding steps, in order. */
export const onboardingSteps = ['language', 'role', 'products', 'platforms', 'stage', 'goal'] as const;
/** One onboarding step. */
export type OnboardingStep = (typeof onboardingSteps)[number];

/** Platforms a learner sells on. */
export const platformIds = ['douyin', 'kuaishou', 'channels', 'xiaohongshu'] as const;
/** Where a learner is. */
export const stages = ['new', 'posting', 'selling', 'live'] as const;
/** What a learner wants next. */
export const goals = ['first-video', 'more-views', 'first-live', 'more-sales', 'rules'] as const;

/** Stored as JSON at `keys.profile(id)`; validated on every read. */
export const profileSchema = z.object({
  language: z.enum(['zh', 'en']).optional(),
  role: z.enum(['owner', 'anchor', 'trainer']).optional(),
  products: z.string().max(200).optional(),
  platforms: z.array(z.enum(platformIds)).default([]),
  stage: z.enum(stages).optional(),
  goal: z.enum(goals).optional(),
  /** The deep-link payload the user joined with (a cohort code). */
  cohort: z.string().max(64).optional(),
  /** The next onboarding step, or `done`. */
  onboarding: z.union([z.enum(onboardingSteps), z.literal('done')]).default('language'),
  /** Hour (0-23, Asia/Shanghai) of the daily nudge; absent = reminders off. */
  remindHour: z.number().int().min(0).max(23).optional(),
  updatedAt: z.number().default(0),
});

/** A learner's profile. */
export type Profile = z.infer<typeof profileSchema>;

/** An empty profile (onboarding not started). */
export function emptyProfile(): Profile {
  return profileSchema.parse({});
}

/** Parses a stored profile; anything unreadable starts a fresh one rather than crashing a handler. */
export function parseProfile(raw: string | null | undefined): Profile {
  return parseStoredJson(profileSchema, raw) ?? emptyProfile();
}

const platformWords: Array<[RegExp, (typeof platformIds)[number]]> = [
  [/抖音|抖店|douyin/i, 'douyin'],
  [/快手|kuaishou/i, 'kuaishou'],
  [/视频号|wechat channels|channels/i, 'channels'],
  [/小红书|xiaohongshu|rednote/i, 'xiaohongshu'],
];

/**
 * Profile facts a user mentions in passing ("我在快手卖鹿血片", "I sell honey on Douyin"), found by simple
 * rules so they work offline. Returns only what the text states.
 */
export function profileFactsFrom(text: string): Partial<Pick<Profile, 'products' | 'platforms'>> {
  const facts: Partial<Pick<Profile, 'products' | 'platforms'>> = {};
  const selling =
    /我(?:家|们)?(?:在\S{1,6})?(?:主要)?(?:是)?卖(?:的是)?([\p{Script=Han}、，,和\w]{1,20}?)(?:[的，,。！？!?\s]|$)/u.exec(
      text,
    );
  const sellingEn =
    /\bI (?:sell|grow|raise|farm|make)\s+([a-z ,&'-]{2,40}?)(?:\s+(?:on|in|at|from)\b|[.,!?]|$)/i.exec(text);
  const products = (selling?.[1] ?? sellingEn?.[1])?.trim();
  if (products && !/啥|什么|货|东西|what/.test(products)) facts.products = products;
  const saysPlatform =
    /我(?:们)?(?:在|用|做|开了?)|\bI(?:'m| am)? (?:on|use|sell on|selling on)|\bon (?:douyin|kuaishou)/i.test(
      text,
    );
  if (saysPlatform) {
    const platforms = platformWords.filter(([pattern]) => pattern.test(text)).map(([, id]) => id);
    if (platforms.length > 0) facts.platforms = platforms;
  }
  return facts;
}

/** One line describing the learner, for the model prompt. */
export function describeProfile(profile: Profile): string {
  const parts = [
    profile.role && `role: ${profile.role === 'owner' ? 'shop owner' : profile.role}`,
    profile.products && `sells: ${profile.products}`,
    profile.platforms.length > 0 && `platforms: ${profile.platforms.join(', ')}`,
    profile.stage &&
      `stage: ${{ new: 'has not posted yet', posting: 'posting videos', selling: 'selling', live: 'live streaming' }[profile.stage]}`,
    profile.goal && `goal: ${profile.goal}`,
  ].filter(Boolean);
  return parts.length > 0
    ? `${parts.join('; ')}. Use their product and platform in examples.`
    : 'not known yet';
}

/** Whether the learner sells deer products (offline answers then prefer the deer examples). */
export function sellsDeer(profile: Profile): boolean {
  return /鹿|deer|venison|antler|velvet/i.test(profile.products ?? '');
}
