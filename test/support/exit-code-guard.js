/* global afterAll */
// A spec that leaves process.exitCode set passes in Jest's report yet makes the whole run exit
// non-zero (Jest runs in-band, in this very process), so CI fails with every test green and
// nothing to read. Importing a command-line entry point that runs on import did exactly that.
// Fail the suite that set it instead, naming it, and clear it for the suites after.
afterAll(() => {
  const exitCode = process.exitCode;
  if (exitCode === undefined || exitCode === 0) return;
  process.exitCode = undefined;
  throw new Error(
    `this suite left process.exitCode = ${exitCode}; the test run would exit non-zero with every test passing. ` +
      'Something it imported or ran set it (an entry point that runs on import, e.g. a main.ts).',
  );
});
