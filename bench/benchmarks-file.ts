// BENCHMARKS.md is shared by every benchmark: each one owns the section under its `## ` heading
// and replaces only that section when it runs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

const benchmarksPath = new URL('../BENCHMARKS.md', import.meta.url);
const intro =
  '# Benchmarks\n\nFigures measured on this machine by the scripts in `bench/`, each beside a ' +
  'baseline measured in the same run.\n';

/** Formats a section as the repository's Prettier would, so `prettier --check` stays green. */
export async function formatSection(markdown: string): Promise<string> {
  return format(markdown, { ...(await resolveConfig(benchmarksPath)), parser: 'markdown' });
}

/** Replaces (or appends) the section that starts with `heading` by `formatted`. */
export function writeSection(heading: string, formatted: string): void {
  const current = existsSync(benchmarksPath) ? readFileSync(benchmarksPath, 'utf8') : intro;
  const start = current.indexOf(`${heading}\n`);
  let next;
  if (start < 0) next = `${current.trimEnd()}\n\n${formatted}`;
  else {
    const end = current.indexOf('\n## ', start + heading.length);
    next = current.slice(0, start) + formatted + (end < 0 ? '' : `\n${current.slice(end + 1)}`);
  }
  writeFileSync(benchmarksPath, next);
  console.log(`Updated ${benchmarksPath.pathname}`);
}
