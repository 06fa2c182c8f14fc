// Test tiers by suffix: unit (*.spec.ts, no I/O), int (*.int-spec.ts, real DB and broker),
// e2e (*.e2e-spec.ts, whole apps), serial (*.serial-spec.ts: stops/restarts the broker or DB, run alone).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

// Packages published as ES modules only (NestJS 12).
const ESM_ONLY = [
  '@nestjs',
  'uid',
  'load-esm',
  'file-type',
  'strtok3',
  'token-types',
  'peek-readable',
  '@tokenizer',
];

const base = {
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
    '^.+\\.m?js$': ['babel-jest', { configFile: require.resolve('./jest.esm-deps.babel.js') }],
  },
  // Only ESM-only dependencies are compiled; everything else in node_modules is loaded as it is.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['**/*.int-spec.ts'], slowTestThreshold: 30 },
    { ...base, displayName: 'e2e', testMatch: ['**/*.e2e-spec.ts'], slowTestThreshold: 60 },
    { ...base, displayName: 'serial', testMatch: ['**/*.serial-spec.ts'], slowTestThreshold: 120 },
  ],
  testTimeout: 60000,
};
