/**
 * Three tiers: unit specs next to the code (pure logic, no services),
 * integration specs next to the code that talks to Kafka/PostgreSQL/SMTP (*.int-spec.ts),
 * end-to-end specs of the whole hub in test/ (*.e2e-spec.ts). The last two need the local
 * stack; scripts/test.sh brings it up and runs everything.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: __dirname,
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
  setupFilesAfterEnv: ['<rootDir>/test/support/exit-code-guard.js'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,faults}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      // Real brokers and databases: a first consumer-group join alone can take seconds.
      setupFilesAfterEnv: [...shared.setupFilesAfterEnv, '<rootDir>/test/support/real-services-timeout.js'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: [...shared.setupFilesAfterEnv, '<rootDir>/test/support/real-services-timeout.js'],
    },
  ],
};
