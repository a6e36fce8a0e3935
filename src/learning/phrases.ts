/** @module The learning path's words in both languages: buttons, questions, cards. Channels format them. */
import type { Language } from '../core/turn.ts';
import type { Track } from './course.ts';
import type { goals, OnboardingStep, platformIds, stages } from './profile.ts';

type Labels<T extends string> = Record<T, string>;

const zh = {
  tracks: {
    account: '开号开店',
    video: '短视频',
    traffic: '引流',
    live: '直播',
    compliance: '合规',
  } as Labels<Track>,
  platforms: { douyin: '抖音', kuaishou: '快手', channels: '视频号', xiaohongshu: '小红书' } as Labels<
    (typeof platformIds)[number]
  >,
  stages: { new: '还没发过视频', posting: '在发视频', selling: '已经在卖货', live: '在做直播' } as Labels<
    (typeof stages)[number]
  >,
  goals: {
    'first-video': '拍好第一条视频',
    'more-views': '视频多点播放',
    'first-live': '开第一场直播',
    'more-sales': '多卖货',
    rules: '弄懂规则别违规',
  } as Labels<(typeof goals)[number]>,
  roles: { owner: '我是店主', anchor: '我是主播', trainer: '我是培训老师' },
  ask: {
    language: '先花半分钟认识一下（随时可以跳过，以后用 /profile 修改）。\n用哪种语言？',
    role: '你主要是？',
    products: '你卖什么？直接打字告诉我，比如「鹿茸片、鹿血酒」或「蜂蜜」。',
    platforms: '你在用或打算用哪些平台？可以多选，选好点「好了」。',
    stage: '你现在走到哪一步了？',
    goal: '最想先解决什么？',
  } as Labels<OnboardingStep>,
  skip: '跳过',
  doneChoosing: '好了',
  onboarded: '好了，记住了！发 /learn 开始学下一课，发 /progress 看进度，也可以直接问我问题。',
  profileTitle: '你的资料',
  notSet: '未填写',
  edit: '修改',
  fields: {
    role: '身份',
    products: '卖的产品',
    platforms: '平台',
    stage: '阶段',
    goal: '目标',
    language: '语言',
    cohort: '班级',
  },
  lessonCard: (title: string, track: string) => `📘 下一课（${track}）：${title}`,
  keySteps: '要点：',
  buttons: {
    done: '✅ 学完了',
    more: '💡 讲详细点',
    quiz: '📝 考考我',
    skip: '⏭ 跳过',
    read: '📖 看全文',
    tracks: '📚 换个方向',
    next: '➡️ 下一课',
  },
  tasksTitle: '这一课的任务，做完点一下：',
  taskDone: '✔️',
  quizTitle: (n: number, total: number) => `📝 第${n}题（共${total}题）`,
  right: '✅ 答对了！',
  wrong: (answer: string) => `❌ 正确答案是 ${answer}。`,
  allDone: '🎉 所有课程都学完了！可以随时问我问题，或者用 /learn 换个方向复习。',
  chooseTrack: '想学哪个方向？',
  progressTitle: '📊 学习进度',
  progressLine: (name: string, bar: string, done: number, total: number, tasks: number, quiz: string) =>
    `${name}  ${bar} ${done}/${total} 课 · 任务 ${tasks} · 测验 ${quiz}`,
  recommended: (title: string) => `👉 建议下一步：${title}（发 /learn）`,
  explainMore: (title: string) => `请把「${title}」这一课讲详细一点，一步一步说。`,
  remindOn: (hour: number) => `好的，每天 ${hour}:00（北京时间）提醒你下一步。发 /remind off 关闭。`,
  remindOff: '提醒已关闭。',
  remindUsage: '用法：/remind 20 表示每天晚上8点提醒；/remind off 关闭。',
  reminder: (title: string) => `⏰ 该学习啦！下一课：${title}\n发 /learn 开始。（/remind off 关闭提醒）`,
  forgetConfirm: '确定要删除你在村播的全部资料吗？包括资料、进度、聊天记录和提醒，删除后不能恢复。',
  forgetYes: '确定删除',
  forgetNo: '取消',
  forgotten: '已删除你的全部资料。想重新开始，发 /start。',
  forgetCancelled: '好的，什么都没删。',
  mydataCaption: '这是村播保存的关于你的全部资料。',
};

const en: typeof zh = {
  tracks: {
    account: 'Accounts & shops',
    video: 'Short videos',
    traffic: 'Traffic',
    live: 'Live streams',
    compliance: 'Compliance',
  },
  platforms: {
    douyin: 'Douyin',
    kuaishou: 'Kuaishou',
    channels: 'WeChat Channels',
    xiaohongshu: 'Xiaohongshu',
  },
  stages: {
    new: "Haven't posted yet",
    posting: 'Posting videos',
    selling: 'Already selling',
    live: 'Live streaming',
  },
  goals: {
    'first-video': 'My first good video',
    'more-views': 'More views',
    'first-live': 'My first live stream',
    'more-sales': 'More sales',
    rules: 'Understand the rules',
  },
  roles: { owner: 'Shop owner', anchor: 'Live host', trainer: 'Trainer' },
  ask: {
    language:
      "Let's get to know each other (30 seconds; skip any time, change later with /profile).\nWhich language?",
    role: 'What do you mostly do?',
    products: 'What do you sell? Just type it, e.g. "venison and deer-blood products" or "honey".',
    platforms: 'Which platforms do you use or plan to? Pick all that apply, then tap "Done".',
    stage: 'Where are you now?',
    goal: 'What do you want to solve first?',
  },
  skip: 'Skip',
  doneChoosing: 'Done',
  onboarded:
    'Got it! Send /learn for your next lesson, /progress to see how far you are, or just ask me anything.',
  profileTitle: 'Your profile',
  notSet: 'not set',
  edit: 'Edit',
  fields: {
    role: 'Role',
    products: 'Products',
    platforms: 'Platforms',
    stage: 'Stage',
    goal: 'Goal',
    language: 'Language',
    cohort: 'Cohort',
  },
  lessonCard: (title: string, track: string) => `📘 Next lesson (${track}): ${title}`,
  keySteps: 'Key steps:',
  buttons: {
    done: '✅ Done',
    more: '💡 Explain more',
    quiz: '📝 Quiz me',
    skip: '⏭ Skip',
    read: '📖 Read it all',
    tracks: '📚 Another track',
    next: '➡️ Next lesson',
  },
  tasksTitle: "This lesson's tasks; tap each when done:",
  taskDone: '✔️',
  quizTitle: (n: number, total: number) => `📝 Question ${n} of ${total}`,
  right: '✅ Correct!',
  wrong: (answer: string) => `❌ The answer is ${answer}.`,
  allDone: '🎉 You have finished every lesson! Ask me anything, or pick a track with /learn to review.',
  chooseTrack: 'Which track?',
  progressTitle: '📊 Your progress',
  progressLine: (name: string, bar: string, done: number, total: number, tasks: number, quiz: string) =>
    `${name}  ${bar} ${done}/${total} lessons · tasks ${tasks} · quiz ${quiz}`,
  recommended: (title: string) => `👉 Next step: ${title} (send /learn)`,
  explainMore: (title: string) => `Please explain the lesson "${title}" in more detail, step by step.`,
  remindOn: (hour: number) =>
    `OK: a nudge every day at ${hour}:00 (China time) with your next step. /remind off stops it.`,
  remindOff: 'Reminders are off.',
  remindUsage: 'Usage: /remind 20 for a daily nudge at 8 p.m.; /remind off to stop.',
  reminder: (title: string) =>
    `⏰ Time to learn! Next lesson: ${title}\nSend /learn to start. (/remind off to stop)`,
  forgetConfirm:
    'Delete everything Cunbo stores about you? Profile, progress, conversation and reminders. This cannot be undone.',
  forgetYes: 'Delete it all',
  forgetNo: 'Cancel',
  forgotten: 'Everything about you has been deleted. Send /start to begin again.',
  forgetCancelled: 'OK, nothing was deleted.',
  mydataCaption: 'Everything Cunbo stores about you.',
};

/** The learning path's words. */
export type LearningPhrases = typeof zh;

/** The learning path's words in `language`. */
export function learningPhrases(language: Language): LearningPhrases {
  return language === 'en' ? en : zh;
}
