import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, labelgate, ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { Tmux } from '../helpers/tmux.ts';
import { REVIEW_LABELS, writeWeak } from './review-fixture.ts';

/** `labelgate review` in a real terminal: the keys a reviewer presses, and the gold file they leave. */
const term = new Tmux('review');
afterAll(() => term.kill());

const q = JSON.stringify;
/** The command as a reviewer types it; CI=true as on a CI runner (the app must still paint every frame). */
function reviewCommand(weak: string, gold: string, order: 'disagree-first' | 'input'): string {
  const args = ['review', '--input', weak, '--out', gold, '--reviewer', 'Ada Lovelace', '--labels', REVIEW_LABELS.join(','), '--order', order].map((a) => q(a)).join(' ');
  return `cd ${q(ROOT)} && CI=true ${q(process.execPath)} ${q(BIN)} ${args}; echo "exit=$?"; sleep 30`;
}

interface GoldLine {
  id: string;
  query: string;
  document?: string;
  label?: string;
  metadata: { source: string; review: { decision: string; proposal: { label: string; by: string; backend: string } | null; reviewer: string; at: string } };
}
const goldLines = (file: string): GoldLine[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as GoldLine);
const summary = (l: GoldLine) => [l.id, l.label ?? null, l.metadata.review.decision, l.metadata.review.proposal?.label ?? null];

describe('review in a terminal', () => {
  it('accept, reject and correct, skip, undo, flag and quit: the gold file holds one line per decision, and score reads it', async () => {
    const dir = tmpDir();
    const weak = writeWeak(dir);
    const gold = path.join(dir, 'gold.jsonl');
    term.start('a', reviewCommand(weak, gold, 'disagree-first'));
    const first = await term.waitFor('a', (t) => t.includes('0 of 7 decided · c2 · variants disagree'));
    await term.waitForRawMode('a');
    expect(first).toMatch(/proposed: integrations {2}by v3@3\.0\.0 · offline/);
    expect(first).toMatch(/a accept {2}x reject {2}space skip {2}⌫ undo {2}f flag/);

    await term.keys('a', 'a');
    await term.waitFor('a', (t) => t.includes('1 of 7 decided · c4'));
    await term.keys('a', 'x');
    await term.waitFor('a', (t) => t.includes('pick the right label'));
    await term.keys('a', '3');
    await term.waitFor('a', (t) => t.includes('2 of 7 decided · c5'));
    await term.keys('a', 'Space');
    await term.waitFor('a', (t) => t.includes('2 of 7 decided · c1') && t.includes('skipped 1'));
    await term.keys('a', 'a');
    await term.waitFor('a', (t) => t.includes('3 of 7 decided · c3'));
    expect(goldLines(gold).map((l) => l.id)).toEqual(['c2', 'c4', 'c1']);
    await term.keys('a', 'BSpace');
    const undone = await term.waitFor('a', (t) => t.includes('2 of 7 decided · c1'));
    expect(undone).toContain('› undone: c1 accepted artifact');
    // Taken back on screen, and out of the file before the next key.
    expect(goldLines(gold).map((l) => l.id)).toEqual(['c2', 'c4']);
    await term.keys('a', 'x', '2');
    await term.waitFor('a', (t) => t.includes('3 of 7 decided · c3'));
    await term.keys('a', 'f');
    const last = await term.waitFor('a', (t) => t.includes('4 of 7 decided · c6'));
    expect(last).toMatch(/recent: ⚑ c3 flagged · ✎ c1 integrations \(was artifact\) · ↷ c5 skipped · ✎ c4 v/);
    // Kappa by hand over (reviewer, proposal) = (integrations, integrations), (visualisation, other),
    // (integrations, artifact): n = 3, 1 agreement, Σ row·col = 2·1 = 2, κ = (3·1 − 2)/(9 − 2) = 1/7.
    expect(last).toMatch(/accepted 1 · corrected 2 · flagged 1 · skipped 1 · [\d.]+\/min · κ 0\.14 \(n=3\)/);

    await term.keys('a', 'q');
    await term.waitFor('a', (t) => t.includes('exit='));
    const after = term.screen('a', true);
    expect(after).toContain('exit=0');
    expect(after).toContain('gold.jsonl: 4 of 7 case(s) decided (1 accepted, 2 corrected, 1 flagged); 3 left, 1 of them skipped: run the same command to go on.');
    expect(after).toContain("Agreement with the proposals: Cohen's kappa 0.14 over 3 case(s), 33% kept as proposed.");

    const lines = goldLines(gold);
    expect(lines.map(summary)).toEqual([
      ['c2', 'integrations', 'accepted', 'integrations'],
      ['c4', 'visualisation', 'corrected', 'other'],
      ['c1', 'integrations', 'corrected', 'artifact'],
      ['c3', null, 'flagged', 'visualisation'],
    ]);
    for (const l of lines) {
      expect(l).toMatchObject({ query: `question ${l.id}`, document: `document of ${l.id}`, metadata: { source: 'chat', review: { reviewer: 'Ada Lovelace', proposal: { by: 'v3@3.0.0', backend: 'offline' } } } });
      expect(new Date(l.metadata.review.at).toISOString()).toBe(l.metadata.review.at);
    }
    expect(lines[3]).not.toHaveProperty('label');
    const times = lines.map((l) => Date.parse(l.metadata.review.at));
    expect([...times].sort((x, y) => x - y)).toEqual(times);

    // An ordinary dataset: score takes it as it is; the flagged case counts as unlabeled.
    const predictions = path.join(dir, 'p.jsonl');
    writeFileSync(predictions, ['c2 integrations', 'c4 visualisation', 'c1 other', 'c3 other'].map((s) => q({ id: s.split(' ')[0], prediction: s.split(' ')[1] })).join('\n'));
    const scored = await labelgate(['score', '--dataset', gold, '--predictions', predictions, '--labels', REVIEW_LABELS.join(','), '--format', 'json']);
    expect(scored.stderr).toBe('');
    expect(scored.code).toBe(0);
    const report = JSON.parse(scored.stdout);
    expect(report.dataset.size).toBe(4);
    expect(report.variants[0].metrics.accuracy).toBeCloseTo(2 / 3, 12);
  }, 60_000);

  it('killed with kill -9 mid-session and reopened: nothing lost, nothing asked twice, nothing written twice', async () => {
    const dir = tmpDir();
    const weak = writeWeak(dir);
    const gold = path.join(dir, 'gold.jsonl');
    term.start('k', reviewCommand(weak, gold, 'input'));
    await term.waitFor('k', (t) => t.includes('0 of 7 decided · c1'));
    await term.waitForRawMode('k');
    await term.keys('k', 'a', 'x', '4', 'Space', 'a');
    await term.waitFor('k', (t) => t.includes('3 of 7 decided · c5'));
    const [pid] = term.children('k');
    process.kill(pid!, 'SIGKILL');
    await term.waitFor('k', (t) => t.includes('exit=137'));
    term.run('kill-session', '-t', 'k');
    const before = goldLines(gold).map(summary);
    expect(before).toEqual([
      ['c1', 'artifact', 'accepted', 'artifact'],
      ['c2', 'other', 'corrected', 'integrations'],
      ['c4', 'other', 'accepted', 'other'],
    ]);

    // Reopened: the first case never seen is asked; the one skipped before comes after the others.
    term.start('k', reviewCommand(weak, gold, 'input'));
    await term.waitFor('k', (t) => t.includes('3 of 7 decided · c5'));
    await term.waitForRawMode('k');
    await term.keys('k', 'f');
    await term.waitFor('k', (t) => t.includes('4 of 7 decided · c6'));
    await term.keys('k', 'a');
    const hostile = await term.waitFor('k', (t) => t.includes('5 of 7 decided · h-1'));
    // The case's escape sequences reach the terminal as nothing but text: no title set, no screen cleared.
    expect(hostile).toContain('query: evil  query <U+202E>esrever<U+202C> end');
    expect(hostile).toContain('first link para');
    expect(term.title('k')).not.toContain('pwned');
    await term.keys('k', 'a');
    await term.waitFor('k', (t) => t.includes('6 of 7 decided · c3'));
    await term.keys('k', 'BSpace');
    await term.waitFor('k', (t) => t.includes('5 of 7 decided · h-1'));
    await term.keys('k', 'q');
    const after = await term.waitFor('k', (t) => t.includes('exit='));
    expect(after).toContain('exit=0');

    const lines = goldLines(gold);
    expect(lines.map(summary)).toEqual([...before, ['c5', null, 'flagged', null], ['c6', 'other', 'accepted', 'other']]);
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
  }, 60_000);
});
