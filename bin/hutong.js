#!/usr/bin/env node
'use strict';
/*
 * The `hutong` command. In a source checkout it runs the TypeScript sources through SWC, so it is
 * never stale and needs no build step; in a built image (no sources) it runs the compiled output.
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'apps/cli/src/main.ts');
const compiled = join(root, 'dist/apps/cli/src/main.js');

function canRunSources() {
  if (!existsSync(source)) return false;
  try {
    require.resolve('@swc-node/register', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

let entry;
if (canRunSources()) {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || join(root, 'tsconfig.json');
  require('@swc-node/register');
  entry = source;
} else if (existsSync(compiled)) {
  entry = compiled;
} else {
  process.stderr.write('hutong: no sources and no build found; run `npm run build` first\n');
  process.exit(1);
}
require(entry)
  .buildProgram()
  .parseAsync(process.argv)
  .catch((error) => {
    process.stderr.write(`hutong: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
