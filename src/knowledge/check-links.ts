/** @module Link checks: every relative Markdown link must lead to a file in the knowledge base. */
import { posix } from 'node:path';
import type { MarkdownLink } from './markdown.ts';
import type { Problem } from './problem.ts';

/** Where a relative link from `file` leads (relative to the knowledge directory), or undefined if outside. */
export function resolveLink(file: string, target: string): string | undefined {
  let path = target.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep it as written; it will not resolve.
  }
  const resolved = posix.normalize(posix.join(posix.dirname(file), path));
  return resolved === '..' || resolved.startsWith('../') ? undefined : resolved;
}

/** Whether the link leaves the knowledge base on purpose: a URL (`https:`, `mailto:`) or an anchor. */
export function isExternalLink(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//');
}

/** Problems with the links of `file`; `paths` are every file in the knowledge base. */
export function checkLinks(
  file: string,
  links: readonly MarkdownLink[],
  paths: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  for (const link of links) {
    if (isExternalLink(link.target)) continue;
    const at = (message: string) => problems.push({ file, line: link.line, message });
    if (!link.target) at(`link "[${link.text}]()" has no target`);
    else if (link.target.startsWith('/'))
      at(`link "${link.target}" must be relative, e.g. ../traffic/07-x.zh.md`);
    else {
      const resolved = resolveLink(file, link.target);
      if (resolved === undefined) at(`link "${link.target}" points outside the knowledge base`);
      else if (!paths.has(resolved))
        at(`link "${link.target}" does not resolve to a file in the knowledge base`);
    }
  }
  return problems;
}
