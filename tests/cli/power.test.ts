import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateConfig } from '../../src/gate/config.ts';
import { planRules } from '../../src/gate/planning.ts';
import type { PowerReport } from '../../src/render/power.ts';
import { labelgate } from '../helpers/cli.ts';
import { writeFixtureReports } from '../helpers/reports.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('labelgate power', () => {
  it('plans from a dataset and from a report, in text, markdown and JSON; bad flags exit 2', async () => {
    const dir = tmpDir({
      'gold.jsonl': ['a', 'a', 'a', 'b', 'b', 'c'].flatMap((label) => Array.from({ length: 20 }, () => label)).map((label, i) => JSON.stringify({ id: `c${i}`, query: `q${i}`, label })).join('\n') + '\n',
    });
    const text = await labelgate(['power', '--dataset', path.join(dir, 'gold.jsonl'), '--flip-rate', '0.08']);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^labelgate power: 120 labeled cases/);
    expect(text.stdout).not.toMatch(/assumed/);
    expect(text.stdout).toMatch(/"c" recall\s+20\s+5\.0%/);

    const json = await labelgate(['power', '--dataset', path.join(dir, 'gold.jsonl'), '--flip-rate', '0.08', '--target-drop', '0.05', '--format', 'json']);
    const plan = JSON.parse(json.stdout) as PowerReport;
    // The command is planRules on the label mix it read: the same numbers.
    expect(plan.rules).toEqual(planRules({ supports: { a: 60, b: 40, c: 20 }, config: gateConfig(), flipShare: 0.08, targetDrop: 0.05, targetLabelDrop: 0.1 }));

    const reports = writeFixtureReports(dir);
    const md = await labelgate(['power', '--report', reports('large-base.json'), '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^### labelgate power/);
    expect(md.stdout).toMatch(/flip rate 10\.0%.*assumed/);
    expect(md.stdout).toMatch(/\| accuracy \| 300 \|/);

    for (const args of [['--flip-rate', '2'], ['--target-drop', '0'], []]) {
      const bad = await labelgate(['power', ...(args.length > 0 ? ['--dataset', path.join(dir, 'gold.jsonl')] : []), ...args]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
