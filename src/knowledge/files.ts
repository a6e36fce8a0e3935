/** @module Finding and reading the files of a knowledge base. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** A file to parse: its path relative to the knowledge directory (with `/`), and its text. */
export interface KnowledgeFile {
  path: string;
  text: string;
}

/** The files of a knowledge base. */
export interface KnowledgeFiles {
  dir: string;
  /** Lessons, glossaries and tips, sorted by path. */
  sources: KnowledgeFile[];
  /** Every file in the directory, relative, for resolving links. */
  paths: ReadonlySet<string>;
}

/** Whether the file at `path` (relative) is a lesson, glossary, tips or approved-answer file. */
export function isSourcePath(path: string): boolean {
  return (
    ((path.startsWith('lessons/') || path.startsWith('answers/')) && path.endsWith('.md')) ||
    /^(?:glossary|tips)\.[^/]*\.md$/.test(path)
  );
}

/** Lists and reads the knowledge base in `dir` (hidden files and folders are skipped). */
export async function readKnowledgeFiles(dir: string): Promise<KnowledgeFiles> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: Error) => {
    throw new Error(`cannot read the knowledge base directory ${dir}: ${error.message}`);
  });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.split('/').some((part) => part.startsWith('.')))
    .sort();
  const sourcePaths = paths.filter(isSourcePath);
  const texts = await Promise.all(sourcePaths.map((path) => readFile(join(dir, path), 'utf8')));
  return {
    dir,
    sources: sourcePaths.map((path, i) => ({ path, text: texts[i]! })),
    paths: new Set(paths),
  };
}
