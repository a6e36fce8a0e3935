/** Serving the knowledge base: problems are logged, not fatal, unless nothing can be served. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { KnowledgeBaseError } from '../src/knowledge/load.ts';
import { loadKnowledge } from '../src/knowledge-setup.ts';
import { createLogger } from '../src/logging/logger.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function copyOfKnowledge(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cunbo-serve-'));
  dirs.push(dir);
  await cp('knowledge', dir, { recursive: true });
  return dir;
}

describe('loadKnowledge', () => {
  it('serves a knowledge base with an editing mistake and logs the problem for trainers', async () => {
    const dir = await copyOfKnowledge();
    const file = join(dir, 'lessons/live/04-lines.zh.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\n见[下一课](../live/99-missing.zh.md)\n`);
    const logs = new PassThrough();
    let logged = '';
    logs.on('data', (data) => {
      logged += data;
    });
    const knowledge = await loadKnowledge({
      config: loadConfig({ KNOWLEDGE_DIR: dir }),
      logger: createLogger('warn', logs),
      lexicalOnly: true,
    });
    expect(knowledge.kb.lessons).toHaveLength(84);
    expect(logged).toMatch(
      /04-lines\.zh\.md:\d+: link \\"\.\.\/live\/99-missing\.zh\.md\\" does not resolve/,
    );
  });

  it('refuses to start with no lessons at all, naming the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cunbo-empty-'));
    dirs.push(dir);
    await cp('knowledge/scope.yaml', join(dir, 'scope.yaml'));
    const error = await loadKnowledge({
      config: loadConfig({ KNOWLEDGE_DIR: dir }),
      logger: createLogger('silent'),
      lexicalOnly: true,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KnowledgeBaseError);
  });
});
