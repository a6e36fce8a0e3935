/** @module Fixed things Cunbo says (not model output), in both languages. Channels format them. */
import type { Language } from './turn.ts';

const zh = {
  greeting: (name: string) =>
    `${name}你好！我是村播，你的电商教练。\n\n` +
    '我可以帮你：\n' +
    '• 开号开店：选平台、实名认证、蓝V、要办哪些证\n' +
    '• 拍短视频：开头三秒、剪辑、标题封面、发布时间\n' +
    '• 引流：DOU+、千川、同城、私域（哪些是违规的）\n' +
    '• 直播：排品、流程、话术、看数据、复盘\n' +
    '• 合规：极限词、功效宣传、鹿产品能怎么说\n\n' +
    '直接打字问我就行，比如：「直播间没人说话怎么办？」「卖鹿血片要办什么证？」\n' +
    '我的回答都来自村播知识库，并会注明出处；知识库里没有的，我会直说，并转给培训老师。',
  help:
    '用法：直接发问题给我。\n' +
    '/learn 学下一课  /progress 看进度  /profile 我的资料\n' +
    '/remind 20 每天8点提醒  /mydata 导出我的资料  /forget 删除我的资料\n' +
    '/start 重新开始并查看介绍  /help 查看帮助\n\n' +
    '提问小窍门：说清你卖什么、在哪个平台，比如「我在快手卖蜂蜜，视频播放量只有两三百怎么办？」',
  apology: '抱歉，我这边暂时出了点问题，没能回答。请过一会儿再问一次，你的学习记录都还在。',
  offlineNoKnowledge:
    '我现在是离线模式（没有连接大模型），需要知识库才能回答，但知识库还没有加载。请稍后再试，或联系培训老师。',
  nonText: '我现在只能读文字和语音消息。请把问题打成文字或者说给我听，比如「怎么开抖店？」',
  voiceUnavailable: '语音识别还没有开通，请把问题打成文字发给我。',
  voiceTooLong: (seconds: number) => `这段语音太长了，我最多听${seconds}秒。请分几段说，或者打字。`,
  voiceFailed: '抱歉，这段语音我没听清。请再说一遍，或者打字告诉我。',
  heard: (text: string) => `🎤 我听到的是：${text}`,
  tooLong: (max: number) => `这条消息太长了（最多${max}字），我没有读。请把问题说得短一点再发给我。`,
  sources: '出处',
  notCovered: '这个问题村播知识库里暂时还没有答案，我不想乱说。我已经把问题记下来，转给培训老师补充。',
  nearestLessons: '你可以先看看这些相关课程：',
  thinking: '正在想…',
};

const en: typeof zh = {
  greeting: (name: string) =>
    `Hello ${name}! I'm Cunbo (村播), your e-commerce coach.\n\n` +
    'I can help you with:\n' +
    '• Accounts and shops: choosing platforms, real-name and business verification, licences\n' +
    '• Short videos: the first three seconds, editing, titles and covers, when to post\n' +
    '• Traffic: DOU+, Qianchuan, local traffic, fan groups (and what is forbidden)\n' +
    '• Live streams: product mix, run of show, lines to say, reading the data, reviews\n' +
    '• Compliance: absolute terms, health claims, what deer products may say\n\n' +
    'Just type your question, e.g. "Viewers are leaving my live stream, what do I say?"\n' +
    'My answers come from the Cunbo knowledge base and cite it; if it has no answer I say so and pass the question to the trainers.',
  help:
    'How to use: just send me your question.\n' +
    '/learn next lesson  /progress your progress  /profile your profile\n' +
    '/remind 20 daily nudge at 8 p.m.  /mydata export your data  /forget delete your data\n' +
    '/start start again and see the introduction  /help this help\n\n' +
    'Tip: say what you sell and on which platform, e.g. "I sell honey on Kuaishou and my videos get 200 views. What should I change?"',
  apology:
    "Sorry, something went wrong on my side and I couldn't answer. Please ask again in a moment; your progress is safe.",
  offlineNoKnowledge:
    "I'm in offline mode (no language model connected) and answer from the knowledge base, but it isn't loaded yet. Please try again later or ask a trainer.",
  nonText:
    'I can read text and voice messages. Please type or say your question, e.g. "How do I open a Douyin shop?"',
  voiceUnavailable: "Voice messages aren't switched on yet. Please type your question.",
  voiceTooLong: (seconds: number) =>
    `That recording is too long; I can listen to ${seconds} seconds at most. Please split it up or type.`,
  voiceFailed: "Sorry, I couldn't make out that recording. Please say it again or type it.",
  heard: (text: string) => `🎤 I heard: ${text}`,
  tooLong: (max: number) =>
    `That message is too long for me (${max} characters at most), so I haven't read it. Please send a shorter question.`,
  sources: 'Sources',
  notCovered:
    "The Cunbo knowledge base doesn't cover this yet, and I won't guess. I've noted your question for the trainers.",
  nearestLessons: 'These lessons are the closest:',
  thinking: 'Thinking…',
};

/** The phrases in one language. */
export type Phrases = typeof zh;

/** Cunbo's fixed phrases in `language`. */
export function phrases(language: Language): Phrases {
  return language === 'en' ? en : zh;
}
