// Runs TypeScript sources directly (`node -r ./scripts/register.js file.ts`): ts-node transpiling with
// SWC (about ten times less CPU per process start than the TypeScript transpiler; decorators and their
// metadata as tsconfig asks), transpile-only,
// plus the @switchyard/* path aliases. Used by the CLI bin in a checkout, benchmarks and test workers.
'use strict';
const path = require('node:path');
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
// ts-node 10.9 maps targets to SWC only up to es2022 (es2023 falls back to es3, which SWC refuses).
require('ts-node').register({
  transpileOnly: true,
  swc: true,
  project: process.env.TS_NODE_PROJECT,
  compilerOptions: { target: 'es2022' },
});
const { compilerOptions } = require('../tsconfig.json');
require('tsconfig-paths').register({ baseUrl: path.join(__dirname, '..'), paths: compilerOptions.paths });
