import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelgate } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { fixtureReport, writeFixture } from './fixture.ts';

describe('labelgate compare without a terminal', () => {
  it('prints the summary and the grids and exits 0, with no raw-mode error', async () => {
    const dir = tmpDir();
    const file = writeFixture(dir);
    const r = await labelgate(['compare', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/accuracy\s+56\.1% \([^)]*\) ref\s+78\.0% \([^)]*\) \+22\.0pp!\s+85\.4%\* \([^)]*\) \+29\.3pp!/);
    expect(r.stdout).toContain('Δ v2@2.0.0 − v1@1.0.0');
    expect(r.stdout).not.toMatch(/\u001b/);
  });

  it('takes the newest report under reports/ when none is named, and a reference by variant name', async () => {
    const dir = tmpDir();
    mkdirSync(path.join(dir, 'reports'));
    const old = writeFixture(path.join(dir, 'reports'), 'old.json');
    utimesSync(old, new Date('2026-01-01'), new Date('2026-01-01'));
    const one = fixtureReport();
    one.variants = one.variants.slice(2);
    writeFileSync(path.join(dir, 'reports', 'new.json'), JSON.stringify(one));
    const r = await labelgate(['compare', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).columns).toEqual(['v3@3.0.0']);
    const ref = await labelgate(['compare', 'reports/old.json', '--reference', 'v2', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(ref.stdout);
    expect(json.reference).toBe(1);
    expect(json.summary[0].cells[0].delta.value).toBeCloseTo(-9 / 41, 12);
  });

  it('with no report named, takes the newest under the folder labelgate.config.yaml names for reports', async () => {
    const dir = tmpDir({ 'labelgate.config.yaml': 'reports: out/runs\n' });
    mkdirSync(path.join(dir, 'out', 'runs'), { recursive: true });
    mkdirSync(path.join(dir, 'reports'));
    const one = fixtureReport();
    one.variants = one.variants.slice(1, 2);
    writeFileSync(path.join(dir, 'out', 'runs', 'r.json'), JSON.stringify(one));
    writeFixture(path.join(dir, 'reports'), 'decoy.json');
    const r = await labelgate(['compare', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).columns).toEqual(['v2@2.0.0']);
  });

  it('compares two reports as report × variant columns, in markdown with data escaped', async () => {
    const dir = tmpDir();
    const base = writeFixture(dir, 'base.json');
    const head = writeFixture(dir, 'head.json');
    const r = await labelgate(['compare', base, head, '--format', 'markdown']);
    expect(r.code).toBe(0);
    // Column titles are data: colons and @ are defused as everywhere in markdown.
    expect(r.stdout).toContain('base&#58;v1@\u200b1.0.0 [ref]');
    expect(r.stdout).toContain('head&#58;v3@\u200b3.0.0');
    expect(r.stdout).toMatch(/^\| accuracy \|/m);
  });

  it('bad input: a message naming the file, exit 2, no stack', async () => {
    const dir = tmpDir({ 'bad.json': '{"schemaVersion": 1}' });
    const r = await labelgate(['compare', path.join(dir, 'bad.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: not a labelgate report/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const none = await labelgate(['compare'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no report given');
    const ref = await labelgate(['compare', writeFixture(dir), '--reference', 'v9']);
    expect(ref.code).toBe(2);
    expect(ref.stderr).toContain('--reference "v9" is not a column');
  });

  it('report prints a report, or writes the page', async () => {
    const dir = tmpDir();
    const file = writeFixture(dir);
    const text = await labelgate(['report', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('labelgate report: dataset');
    const out = path.join(dir, 'page.html');
    const html = await labelgate(['report', file, '--html', out]);
    expect(html.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
  });
});
