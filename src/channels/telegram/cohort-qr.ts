/**
 * @module A cohort's deep link as a QR code photo, so a trainer can print it for the village notice board
 * or show it on a phone at a training session.
 */
import { InputFile } from 'grammy';
import QRCode from 'qrcode';
import type { Cohort } from '../../trainer/cohorts.ts';
import type { BotContext } from './context.ts';

/** The cohort's deep link: opening it starts the bot with the cohort code as the /start payload. */
export function cohortLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

/**
 * The PNG of a QR code for `link`: error correction M (a creased print still scans), a quiet zone, and
 * large enough modules to print on A4.
 */
export function qrPng(link: string): Promise<Buffer> {
  return QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 600 });
}

/** Sends the cohort's QR code as a photo with its name and link in the caption. */
export async function replyWithCohortQr(ctx: BotContext, cohort: Cohort, note = ''): Promise<void> {
  const link = cohortLink(ctx.me.username, cohort.code);
  const png = await qrPng(link);
  await ctx.replyWithPhoto(new InputFile(png, `cohort-${cohort.code}.png`), {
    caption: `${cohort.name} (${cohort.code})\n${link}${note ? `\n\n${note}` : ''}`,
  });
}
