/** @module Reading every file of the knowledge base and parsing it, before any cross-file check. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import {
  type Glossary,
  type Lesson,
  type Parsed,
  parseGlossary,
  parseLesson,
  parseTips,
  type Tips,
} from './parse.ts';

/** Every parsed file and the parse problems, before cross-file checks. */
export interface ParsedKnowledgeBase {
  dir: string;
  lessons: Parsed<Lesson>[];
  glossaries: Parsed<Glossary>[];
  tips: Parsed<Tips>[];
  /** Relative paths of every Markdown file, for link checks. */
  files: Set<string>;
  contentHash: string;
}

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Reads and parses every file of the knowledge base in `dir`. */
export async function parseKnowledgeBase(dir: string): Promise<ParsedKnowledgeBase> {
  const files = await markdownFiles(dir).catch(() => {
    throw new Error(`cannot read the knowledge directory ${dir}`);
  });
  const hash = createHash('sha256');
  const parsed: ParsedKnowledgeBase = {
    dir,
    lessons: [],
    glossaries: [],
    tips: [],
    files: new Set(files),
    contentHash: '',
  };
  const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
  for (const [i, file] of files.entries()) {
    const text = texts[i]!;
    hash.update(file).update('\0').update(text).update('\0');
    if (file.startsWith('lessons/')) parsed.lessons.push(parseLesson(file, text));
    else if (/^glossary\.[a-z]+\.md$/.test(file)) parsed.glossaries.push(parseGlossary(file, text));
    else if (/^tips\.[a-z]+\.md$/.test(file)) parsed.tips.push(parseTips(file, text));
  }
  parsed.contentHash = hash.digest('hex');
  return parsed;
}
