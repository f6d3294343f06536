import { loadSchemaSource } from '../codec/schema-loader';
import { loadHubCodec } from '../hub-codec';
import { defaultSchemasDir } from '../repo-paths';
import { planRelease } from './release';
import { checkSchemaHistory, formatProblem, unreleasedKinds } from './schema-compat';

/**
 * The gate: every change to a schema is checked against its released versions in schemas/history.
 * An incompatible change fails here with the field named; see schemas/README.md for what to do.
 */
describe('schema history', () => {
  const source = loadSchemaSource(defaultSchemasDir());
  const results = checkSchemaHistory(source);

  it('keeps every message kind compatible with its released versions (backward with all, forward with the latest)', () => {
    const problems = results.flatMap(({ kind, problems: found }) =>
      found.map((problem) => formatProblem(kind, problem)),
    );
    expect(problems).toEqual([]);
  });

  it('has a released version of every message kind, so there is a baseline to check against', () => {
    // Fix: npx ts-node --transpile-only scripts/release-schemas.ts
    expect(unreleasedKinds(results)).toEqual([]);
  });

  it('stores released versions that the codec can resolve to the current schemas', () => {
    expect(() => loadHubCodec()).not.toThrow();
    expect(planRelease(source).blocked).toEqual([]);
  });
});
