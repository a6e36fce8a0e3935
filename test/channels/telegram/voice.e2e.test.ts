/** Voice questions end to end: downloaded from the Bot API, transcribed by the OpenAI-compatible server, answered. */
import { beforeAll, describe, expect, it } from 'vitest';
import { useBotWorld } from '../../support/test-bot.ts';

const world = useBotWorld({ extra: { TRANSCRIBE_MODEL: 'test-whisper' } });
const recording = Buffer.from('OggS fake opus data for the test');

beforeAll(() => world.openai.setChatHandler(() => '先问一个好答的问题，比如「吃过鹿肉的扣1」[1]。'));

describe('voice questions', () => {
  it('transcribes a voice message, echoes what it heard, and answers it', async () => {
    world.openai.setTranscription('直播间没人说话怎么办');
    const user = world.api.user({ id: 81001, first_name: '老王', language_code: 'zh-hans' });
    user.sendVoice({ file_id: 'voice-1', duration: 6, mime_type: 'audio/ogg', data: recording });
    expect((await user.waitForMessage()).text).toBe('🎤 我听到的是：直播间没人说话怎么办');
    expect((await user.waitForMessage()).text).toMatch(/^先问一个好答的问题/);
    const upload = world.openai.requests.find((r) => r.path.endsWith('/audio/transcriptions'));
    expect(upload?.body).toMatchObject({ model: 'test-whisper' });
    expect(world.openai.chatRequests().at(-1)!.messages.at(-1)!.content).toBe('直播间没人说话怎么办');
  });

  it('says so when a recording is too long, without downloading it', async () => {
    const user = world.api.user({ id: 81002, first_name: 'Li', language_code: 'en' });
    const downloadsBefore = world.api.callsTo('download').length;
    user.sendVoice({ file_id: 'voice-2', duration: 600, data: recording });
    expect((await user.waitForMessage()).text).toMatch(/too long; I can listen to 180 seconds at most/);
    expect(world.api.callsTo('download').length).toBe(downloadsBefore);
  });

  it('apologises when transcription fails', async () => {
    world.openai.setTranscription(() => ({ status: 500, error: 'asr down' }));
    const user = world.api.user({ id: 81003, first_name: 'Zhao', language_code: 'zh-hans' });
    user.sendVoice({ file_id: 'voice-3', duration: 5, data: recording });
    expect((await user.waitForMessage()).text).toMatch(/^抱歉，这段语音我没听清/);
  });

  it('asks for text when no transcription model is configured', async () => {
    await world.restart({ extra: {} });
    const user = world.api.user({ id: 81004, first_name: 'Sun', language_code: 'zh-hans' });
    user.sendVoice({ file_id: 'voice-4', duration: 5, data: recording });
    expect((await user.waitForMessage()).text).toBe('语音识别还没有开通，请把问题打成文字发给我。');
  });
});
