import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/io.ts';
import { SCHEMA_VERSION } from '../../src/report/schema.ts';
import { render } from '../../src/render/registry.ts';
import { ROOT } from '../helpers/cli.ts';

/**
 * A schemaVersion 1 report as labelgate wrote it (`labelgate score` on tests/fixtures/score), stored
 * as a file: whatever the schema becomes, this report must still be read (migrated when the version
 * moves on, see src/report/migrate.ts) with the same numbers.
 */
const STORED_V1 = path.join(ROOT, 'tests/fixtures/reports/v1-score.json');

describe('a stored version 1 report', () => {
  it('is read by this labelgate with its cases and counts intact', () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    const report = readReport(STORED_V1);
    expect(report.schemaVersion).toBe(SCHEMA_VERSION);
    const [v] = report.variants;
    // Counted by hand from the fixture: 10 labeled cases (q11 has no gold), q1 q2 q3 q5 q7 q8 right,
    // q6 invalid, q9 and q10 error.
    expect(v!.cases.map((c) => c.prediction)).toEqual(['artifact', 'integrations', 'visualisation', 'artifact', 'artifact', 'invalid', 'other', 'visualisation', 'error', 'error', 'other']);
    expect(v!.metrics.labeled).toBe(10);
    expect(v!.metrics.correct).toBe(6);
    expect(v!.metrics.accuracy).toBe(0.6);
    expect([v!.metrics.invalid, v!.metrics.error]).toEqual([1, 2]);
    expect(render('report', 'text', report)).toContain('labelgate report: dataset');
  });
});
