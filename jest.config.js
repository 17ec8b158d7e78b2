/** Type checking happens once in pretest (`npm run build` for src, `npm run typecheck` for test/); jest only transpiles, which keeps the suite fast. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  // Suites that start processes or run whole workflows set 180 s themselves (test/helpers/timeouts.ts).
  testTimeout: 60000,
  maxWorkers: 2,
};
