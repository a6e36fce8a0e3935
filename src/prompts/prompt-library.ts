/**
 * @module Prompts live in `prompts/` as Markdown files; this loads them once and fills their `{{slots}}`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every prompt file Cunbo uses, by name (path under `prompts/`, without `.md`). */
export const promptNames = [
  'system',
  'persona-owner',
  'persona-anchor',
  'no-context',
  'profile-extract',
  'live-script',
  'compliance-review',
] as const;

/** A prompt's name. */
export type PromptName = (typeof promptNames)[number];

/** Loaded prompts. */
export interface PromptLibrary {
  /** The prompt with every `{{name}}` replaced; a slot with no value is an error, not an empty string. */
  render(name: PromptName, values?: Record<string, string>): string;
  /** The prompt as written, `{{slots}}` and all (e.g. to keep its wording out of replies). */
  template(name: PromptName): string;
}

/** Reads every prompt file; a missing one fails start-up with its path. */
export async function loadPrompts(dir: string): Promise<PromptLibrary> {
  const entries = await Promise.all(
    promptNames.map(async (name) => {
      const path = join(dir, `${name}.md`);
      const text = await readFile(path, 'utf8').catch(() => {
        throw new Error(`prompt file missing: ${path}`);
      });
      return [name, text.trim()] as const;
    }),
  );
  const templates = new Map<PromptName, string>(entries);
  return {
    template: (name) => templates.get(name)!,
    render(name, values = {}) {
      const template = templates.get(name)!;
      return template.replace(/\{\{(\w+)\}\}/g, (_, slot: string) => {
        const value = values[slot];
        if (value === undefined) throw new Error(`prompt "${name}" needs a value for {{${slot}}}`);
        return value;
      });
    },
  };
}
