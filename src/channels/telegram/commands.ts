/** @module The command menu Telegram shows, in Chinese and English. */
import type { Api } from 'grammy';

const menus = {
  zh: [
    { command: 'start', description: '开始 / 介绍' },
    { command: 'help', description: '怎么用村播' },
  ],
  en: [
    { command: 'start', description: 'Start / introduction' },
    { command: 'help', description: 'How to use Cunbo' },
  ],
};

/** Registers the command menu: Chinese by default, English for English-language clients. */
export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(menus.zh);
  await api.setMyCommands(menus.zh, { language_code: 'zh' });
  await api.setMyCommands(menus.en, { language_code: 'en' });
}
