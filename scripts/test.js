#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test (Node 20 has no --test glob), so a
// new test file is never silently left out. Extra arguments are passed to node --test.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(find(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
let files = ['src', 'test'].flatMap((d) => {
  try {
    return find(d);
  } catch {
    return [];
  }
});
if (filters.length) files = files.filter((f) => filters.some((p) => f.includes(p)));
if (files.length === 0) {
  console.error('No test files found');
  process.exit(1);
}
console.log(
  `Running ${files.length} test files on ${process.env.DB === 'postgres' ? 'PostgreSQL' : 'SQLite'}`,
);
const res = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    ...flags,
    ...files.sort(),
  ],
  { stdio: 'inherit' },
);
process.exit(res.status ?? 1);
