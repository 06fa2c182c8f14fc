// Runs TypeScript sources directly (`node -r ./scripts/register.js file.ts`): transpile-only ts-node
// plus the @switchyard/* path aliases. Used by the CLI bin in a checkout, benchmarks and test workers.
'use strict';
const path = require('node:path');
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
require('ts-node').register({ transpileOnly: true, project: process.env.TS_NODE_PROJECT });
const { compilerOptions } = require('../tsconfig.json');
require('tsconfig-paths').register({ baseUrl: path.join(__dirname, '..'), paths: compilerOptions.paths });
