import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/report.ts';
import { writeReport } from '../../src/report/io.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { fixtureReport } from '../tui/fixture.ts';

/** What `run` writes to stdout. */
async function printed(argv: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    return { code: await run(argv), out: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('labelgate report --format json', () => {
  it('prints the report as a script reads it, with no raw C1 or bidirectional control from the data', async () => {
    const report = fixtureReport();
    // U+009B is a one-byte CSI to some terminals; U+202E reverses what a reader sees.
    const hostile = 'refund \u009b2J now \u202eevil';
    report.variants[0]!.cases[0]!.query = hostile;
    const file = path.join(tmpDir(), 'r.json');
    writeReport(file, report);
    const { code, out } = await printed([file, '--format', 'json']);
    expect(code).toBe(0);
    expect(out).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
    expect(out).toContain('\\u009b2J');
    const parsed = JSON.parse(out);
    expect(parsed.variants[0].cases[0].query).toBe(hostile);
    expect(parsed.schemaVersion).toBe(report.schemaVersion);
  });
});
