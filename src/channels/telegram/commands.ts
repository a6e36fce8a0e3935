/** @module The command menu Telegram shows, in Chinese and English. */
import type { Api } from 'grammy';

const menus = {
  zh: [
    { command: 'learn', description: '学下一课' },
    { command: 'progress', description: '我的学习进度' },
    { command: 'profile', description: '我的资料' },
    { command: 'remind', description: '每天提醒（/remind 20，/remind off）' },
    { command: 'tip', description: '直播救场小贴士（/tip 太贵）' },
    { command: 'script', description: '生成直播脚本' },
    { command: 'check', description: '检查文案是否违规' },
    { command: 'help', description: '怎么用村播' },
    { command: 'mydata', description: '导出我的资料' },
    { command: 'forget', description: '删除我的资料' },
    { command: 'start', description: '开始 / 介绍' },
  ],
  en: [
    { command: 'learn', description: 'Next lesson' },
    { command: 'progress', description: 'My progress' },
    { command: 'profile', description: 'My profile' },
    { command: 'remind', description: 'Daily nudge (/remind 20, /remind off)' },
    { command: 'tip', description: 'Quick tips for live hosts (/tip too expensive)' },
    { command: 'script', description: 'Write a live-stream script' },
    { command: 'check', description: 'Check a caption or script for violations' },
    { command: 'help', description: 'How to use Cunbo' },
    { command: 'mydata', description: 'Export my data' },
    { command: 'forget', description: 'Delete my data' },
    { command: 'start', description: 'Start / introduction' },
  ],
};

/** Registers the command menu: Chinese by default, English for English-language clients. */
export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(menus.zh);
  await api.setMyCommands(menus.zh, { language_code: 'zh' });
  await api.setMyCommands(menus.en, { language_code: 'en' });
}
