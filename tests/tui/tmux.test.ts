import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { Tmux } from '../helpers/tmux.ts';
import { writeFixture } from './fixture.ts';

/** The real CLI in a real terminal: tmux on its own socket, keys sent one by one, the pane read back as a person sees it. */
const term = new Tmux('test');
const tmux = (...args: string[]) => term.run(...args);
const waitFor = (what: (text: string) => boolean) => term.waitFor('ui', what);
const waitForRawMode = () => term.waitForRawMode('ui');
const keys = (...ks: string[]) => term.keys('ui', ...ks);

afterAll(() => term.kill());

describe('compare in a terminal', () => {
  it('shows the variants side by side, filters, opens the detail, follows a resize and quits', async () => {
    const file = writeFixture(tmpDir(), 'run.json', true);
    // CI=true as on a CI runner: a person at a terminal still gets every frame (Ink alone would paint only the last).
    const cmd = `cd ${JSON.stringify(ROOT)} && CI=true ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} compare ${JSON.stringify(file)}; echo "exit=$?"; sleep 30`;
    tmux('new-session', '-d', '-s', 'ui', '-x', '80', '-y', '24', cmd);

    // The first frame comes before the case rows are read; the paired tests' marks once they are.
    const summary = await waitFor((t) => t.includes('accuracy') && t.includes('significant vs [ref]'));
    await waitForRawMode();
    const lines = summary.split('\n');
    expect(lines.find((l) => l.includes('[ref]'))).toMatch(/v1@1\.0\.0 \[ref\].*v2@2\.0\.0.*v3@3\.0\.0/);
    expect(lines.find((l) => l.includes('accuracy'))).toMatch(/56\.1%.*78\.0%.*\+22\.0pp!.*85\.4%\*/);
    expect(lines.some((l) => /^↑↓ j k move .* q quit/.test(l))).toBe(true);

    await keys('3', 't');
    const filtered = await waitFor((t) => t.includes('3 of 41 cases'));
    expect(filtered).toContain('disagree or wrong · broken');
    const rows = filtered.split('\n').filter((l) => /^[> ][ »](b\d\d|h-1|f\d\d|w\d\d|k\d\d)\s/.test(l));
    expect(rows.map((l) => l.slice(2).split(/\s+/)[0])).toEqual(['b00', 'b01', 'h-1']);

    await keys('G', 'Enter');
    const detail = await waitFor((t) => t.includes('─ detail'));
    expect(detail).toContain('case h-1');
    expect(detail).toContain('query: <script>alert(1)</script> clear  screen');
    expect(detail).not.toContain('pwned');
    // The document comes from the dataset the report names (same hash), read when the detail opens.
    expect(detail).toContain('document:');
    expect(detail).toContain('Docs page <script>alert(1)</script>');

    tmux('resize-window', '-t', 'ui', '-x', '160', '-y', '48');
    // Wide: the detail pane moves beside the list, so the list's header and the pane's first line share a line.
    const wide = await waitFor((t) => t.split('\n').some((l) => /^\s+id\s+gold .*─ detail/.test(l)));
    expect(wide.split('\n').find((l) => l.includes('─ detail'))!.length).toBeGreaterThan(100);

    await keys('1');
    const summaryWide = await waitFor((t) => t.includes('accuracy') && /\(\d+\.\d–\d+\.\d\)/.test(t));
    expect(summaryWide.split('\n').find((l) => l.includes('accuracy'))).toMatch(/56\.1%\s+\([\d.–]+\).*78\.0%\s+\([\d.–]+\)\s+\+22\.0pp!/);

    await keys('q');
    const after = await waitFor((t) => t.includes('exit='));
    expect(after).toContain('exit=0');
    expect(after).not.toMatch(/raw mode|Error/i);
  }, 60_000);

  it('a report whose rows are bad: the summary first, then the error naming the row, exit 2', async () => {
    const file = writeFixture(tmpDir());
    writeFileSync(file, readFileSync(file, 'utf8').replace('"prediction":"integrations"', '"prediction":7'));
    tmux('kill-server');
    const cmd = `cd ${JSON.stringify(ROOT)} && ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} compare ${JSON.stringify(file)}; echo "exit=$?"; sleep 30`;
    tmux('new-session', '-d', '-s', 'ui', '-x', '200', '-y', '24', cmd);
    const after = await waitFor((t) => t.includes('exit='));
    expect(after).toContain('exit=2');
    expect(after).toMatch(/run\.json: not a labelgate report: variants\.0\.cases\.\d+\.prediction: /);
    expect(after).not.toMatch(/\n\s+at /);
  }, 60_000);
});
