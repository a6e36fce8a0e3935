/** The prompt guard: detects quoted prompt wording however it is reflowed, and never streams a full run of it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPromptGuard } from '../../src/core/prompt-guard.ts';

const system = readFileSync('prompts/system.md', 'utf8');
const guard = createPromptGuard([system]);

describe('prompt guard', () => {
  it('finds the prompt quoted with other line breaks or case, but not its slots or ordinary answers', () => {
    expect(guard.leaks('Sure! ANSWER ONLY FROM THE NUMBERED\n   knowledge-base passages below.')).toBe(true);
    expect(guard.leaks('开播前一到三小时发预告视频，写好排品和话术[1]。')).toBe(false);
    expect(guard.leaks('Post the preview video one to three hours before you go live [1].')).toBe(false);
  });

  it('streams an innocent answer whole, and stops a leak before a full run is shown', () => {
    const innocent = guard.watch();
    const answer = 'Say hello to each newcomer by name, and ask a question they can answer with one tap [1].';
    let shown = '';
    for (const piece of answer.match(/.{1,3}/g)!) shown += innocent.push(piece);
    shown += innocent.flush();
    expect(shown).toBe(answer);
    expect(innocent.leaked).toBe(false);

    const leaky = guard.watch();
    const leak = `Here you go: ${system}`;
    let seen = '';
    for (const piece of leak.match(/.{1,5}/gs)!) seen += leaky.push(piece);
    seen += leaky.flush();
    expect(leaky.leaked).toBe(true);
    expect(seen.startsWith('Here you go: ')).toBe(true);
    expect(guard.leaks(seen)).toBe(false);
    expect(seen.length).toBeLessThan('Here you go: '.length + 24);
  });
});
