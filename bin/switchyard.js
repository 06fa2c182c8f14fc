#!/usr/bin/env node
// The `switchyard` CLI. In a checkout it runs the TypeScript sources (so it is never stale);
// in an installed package, which ships only dist/, it runs the build.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const root = path.join(__dirname, '..');
const source = path.join(root, 'apps', 'cli', 'src', 'main.ts');
let entry = path.join(root, 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');
if (fs.existsSync(source)) {
  require('../scripts/register.js');
  entry = source;
}
require(entry)
  .main(process.argv)
  .then((code) => process.exit(code));
