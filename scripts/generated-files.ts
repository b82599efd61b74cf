/**
 * Checked-in files generated from code (event schemas, dataset schemas): what differs between the
 * directory and what the generator produces, and writing them out.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Differences between the checked-in `.json` files of `dir` and `expected`; empty when they match. */
export function staleFiles(dir: string, expected: ReadonlyMap<string, string>, generator: string): string[] {
  const present = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
  const problems: string[] = [];
  for (const [name, text] of expected) {
    if (!present.includes(name)) problems.push(`${name} is missing`);
    else if (readFileSync(join(dir, name), 'utf8') !== text) problems.push(`${name} differs from what ${generator} generates`);
  }
  for (const name of present) {
    if (!expected.has(name)) problems.push(`${name} has no definition in ${generator}`);
  }
  return problems;
}

/** Writes `files` into `dir`, removing `.json` files the generator no longer produces. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.json') && !files.has(name)) unlinkSync(join(dir, name));
  }
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
}
