import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/io.ts';
import { openPage, type Page } from '../helpers/chromium.ts';
import { ROOT, runCommand } from '../helpers/cli.ts';
import { promptfooEnv, PROMPTFOO_BIN, writePromptfooProject } from '../helpers/promptfoo-project.ts';
import { EVALUATED, HOSTILE_DIR as HOSTILE, HOSTILE_SECRET as SECRET } from '../helpers/hostile.ts';
import { tmpDir } from '../helpers/tmp.ts';

const DATASET = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const VARIANTS = [
  { file: path.join(ROOT, 'prompts/docs-router/v1.yaml'), label: 'v1@1.0.0' },
  { file: path.join(ROOT, 'prompts/docs-router/v3.yaml'), label: 'v3@3.0.0' },
];
const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];
/** Where the screenshot is kept for a person to look at (CI uploads the folder). */
const ARTIFACTS = process.env.LABELGATE_ARTIFACTS ?? path.join(ROOT, 'test-artifacts');

interface Chip {
  name: string;
  value: string;
}
interface Seen {
  headers: { chips: Chip[]; showMore: boolean }[];
  rows: { id: string; cells: { chips: Chip[]; showMore: boolean }[] }[];
}

/** What a person sees in the results table: each prompt column header's metric chips, and each result cell's. */
const READ_TABLE = `(() => {
  const chips = (el) => [...el.querySelectorAll('.metric-chip')].map((c) => ({ name: c.querySelector('.metric-name').textContent, value: c.querySelector('.metric-value').textContent }));
  const more = (el) => el.querySelector('[data-testid="toggle-show-more"]') !== null;
  const headers = [...document.querySelectorAll('.output-header')].map((h) => ({ chips: chips(h), showMore: more(h) }));
  const rows = [...document.querySelectorAll('tbody tr')].map((tr) => ({
    id: tr.querySelector('td').textContent.trim(),
    cells: [...tr.querySelectorAll('[id^="eval-output-cell-"]:not([id^="eval-output-cell-text-"])')].map((c) => ({ chips: chips(c), showMore: more(c) })),
  }));
  return JSON.stringify({ headers, rows });
})()`;

interface DialogRow {
  metric: string;
  /** Per prompt column: Pass, Score (its full value, from the cell's title) and Count. */
  prompts: { pass: string; score: string; count: string }[];
}

/** The rows of promptfoo's Custom Metrics dialog: the metric, then Pass, Score and Count for each of `prompts` prompt columns. */
const readDialog = (prompts: number) => `(() => {
  const rows = [...document.querySelectorAll('[role="dialog"] tbody tr')].map((tr) => {
    const td = [...tr.querySelectorAll('td')];
    const prompts = [];
    for (let i = 1; i < 1 + 3 * ${prompts}; i += 3) prompts.push({ pass: td[i].textContent.trim(), score: td[i + 1].querySelector('[title]').getAttribute('title'), count: td[i + 2].textContent.trim() });
    return { metric: td[0].textContent.trim(), prompts };
  });
  return JSON.stringify(rows);
})()`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers; fails early if it exits. */
async function waitForServer(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`promptfoo view exited (${child.exitCode}): ${log()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`promptfoo view did not answer at ${url} within ${timeoutMs} ms: ${log()}`);
}

const started: { view?: ChildProcess; page?: Page } = {};
afterEach(async () => {
  await started.page?.close();
  const view = started.view;
  if (view && view.exitCode === null && view.signalCode === null) {
    const gone = new Promise((r) => view.once('exit', r));
    view.kill('SIGTERM');
    const timer = setTimeout(() => view.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
  started.page = started.view = undefined;
});

/** `promptfoo view` on the database in `dir`, and a browser on its latest eval. */
async function viewLatest(dir: string, env: Record<string, string>): Promise<Page> {
  // `-n`: no question, no browser opened.
  const port = await freePort();
  let viewLog = '';
  const view = spawn(PROMPTFOO_BIN, ['view', '-n', '--port', String(port)], { cwd: dir, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.view = view;
  view.stdout!.on('data', (d: Buffer) => (viewLog += d.toString()));
  view.stderr!.on('data', (d: Buffer) => (viewLog += d.toString()));
  await waitForServer(`http://127.0.0.1:${port}/`, view, () => viewLog);
  const page = await openPage(`http://127.0.0.1:${port}/eval`, { profileDir: path.join(dir, 'profile'), width: 1600, height: 1400 });
  started.page = page;
  return page;
}

describe("promptfoo's viewer, as a person sees it", () => {
  it('the prompt header shows ten per-label metrics first, with labelgate’s numbers, and the recalls one search away in its Custom Metrics dialog; each result cell carries its own confusion cell first and few counts', async () => {
    const dir = tmpDir();
    const env = promptfooEnv(dir);
    const config = writePromptfooProject(dir, VARIANTS, DATASET);
    const hookReport = path.join(dir, 'report.json');
    const out = path.join(dir, 'out.json');
    // Bare promptfoo eval, written to its own database (in this test's folder) as a user's run is.
    const ev = await runCommand(PROMPTFOO_BIN, ['eval', '-c', config, '-o', out, '--no-cache', '--no-table'], { cwd: ROOT, env: { ...env, LABELGATE_REPORT: hookReport } });
    expect([0, 100], ev.stderr).toContain(ev.code);
    const report = readReport(hookReport);
    const promptfooOut = JSON.parse(readFileSync(out, 'utf8')) as {
      results: { prompts: { metrics: { namedScores: Record<string, number> } }[]; results: { promptIdx: number; namedScores: Record<string, number> }[] };
    };

    const page = await viewLatest(dir, env);
    // Rendered when both headers carry metric chips and every result cell its own.
    const cells = report.variants.length * report.variants[0]!.cases.length;
    await page.waitFor(
      `document.querySelectorAll('.output-header .metric-chip').length > 0 && [...document.querySelectorAll('.output-header')].every((h) => h.querySelector('.metric-chip')) && document.querySelectorAll('[id^="eval-output-cell-"]:not([id^="eval-output-cell-text-"]) .metric-chip').length >= ${cells}`,
    );
    const seen = JSON.parse(await page.evaluate<string>(READ_TABLE)) as Seen;
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot(path.join(ARTIFACTS, 'promptfoo-view.png'));

    // The header: promptfoo shows the first ten named scores by name and nothing sets that number or
    // order (docs/promptfoo.md). So with 4 labels it shows accuracy, the F1s, macro-F1 and the
    // precisions, with labelgate's own values to 2 decimals; the recalls come next, behind "Show more…".
    expect(seen.headers).toHaveLength(VARIANTS.length);
    for (const [i, header] of seen.headers.entries()) {
      const m = report.variants[i]!.metrics;
      const expected: Record<string, number> = { accuracy: m.accuracy, macro_f1: m.macroF1 };
      for (const l of LABELS) Object.assign(expected, { [`precision_${l}`]: m.perLabel[l]!.precision, [`recall_${l}`]: m.perLabel[l]!.recall, [`f1_${l}`]: m.perLabel[l]!.f1 });
      expect(header.chips.map((c) => c.name)).toEqual([
        'accuracy',
        'f1_artifact',
        'f1_integrations',
        'f1_other',
        'f1_visualisation',
        'macro_f1',
        'precision_artifact',
        'precision_integrations',
        'precision_other',
        'precision_visualisation',
      ]);
      for (const c of header.chips) expect(c.value, c.name).toBe(expected[c.name]!.toFixed(2));
      expect(header.showMore).toBe(true);
      const all = Object.keys(promptfooOut.results.prompts[i]!.metrics.namedScores).sort((a, b) => a.localeCompare(b));
      expect(all.slice(10, 14)).toEqual(LABELS.map((l) => `recall_${l}`).sort());
      expect(all.slice(14).every((n) => n.startsWith('tally_'))).toBe(true);
    }

    // Where a person finds the recalls: "Show more…" opens the Custom Metrics dialog; its search box
    // keeps the rows whose name holds what is typed. Score is the metric's value; Pass and Count read
    // 0.00% and 0 for every derived metric (promptfoo divides by a count a derived metric does not have).
    await page.evaluate(`document.querySelector('.output-header [data-testid="toggle-show-more"]').click()`);
    await page.waitFor(`!!document.querySelector('[role="dialog"] tbody tr')`);
    await page.evaluate(`document.querySelector('[role="dialog"] input[aria-label="Search custom metrics"]').focus()`);
    await page.type('recall_');
    await page.waitFor(`[...document.querySelectorAll('[role="dialog"] tbody tr')].every((tr) => tr.querySelector('td').textContent.startsWith('recall_'))`);
    const dialog = JSON.parse(await page.evaluate<string>(readDialog(VARIANTS.length))) as DialogRow[];
    await page.screenshot(path.join(ARTIFACTS, 'promptfoo-view-recall.png'));
    expect(dialog.map((r) => r.metric)).toEqual(LABELS.map((l) => `recall_${l}`).sort());
    for (const row of dialog) {
      const label = row.metric.slice('recall_'.length);
      expect(row.prompts, row.metric).toHaveLength(VARIANTS.length);
      for (const [i, p] of row.prompts.entries()) {
        expect(Number(p.score), `${row.metric} ${VARIANTS[i]!.label}`).toBeCloseTo(report.variants[i]!.metrics.perLabel[label]!.recall, 12);
        expect([p.pass, p.count]).toEqual(['0.00%', '0']);
      }
    }

    // Each result cell: counts only, the case's own confusion cell first, then whether it was right.
    expect(seen.rows).toHaveLength(report.variants[0]!.cases.length);
    for (const row of seen.rows) {
      expect(row.cells).toHaveLength(VARIANTS.length);
      for (const [i, cell] of row.cells.entries()) {
        const c = report.variants[i]!.cases.find((x) => x.id === row.id)!;
        expect(c, row.id).toBeDefined();
        expect(cell.chips[0], `${row.id} ${VARIANTS[i]!.label}`).toEqual({ name: `tally_cm_${c.gold}__${c.prediction}`, value: '1.00' });
        expect(cell.chips[1]).toEqual({ name: 'tally_correct', value: c.gold === c.prediction ? '1.00' : '0.00' });
        expect(cell.chips.every((x) => x.name.startsWith('tally_'))).toBe(true);
      }
    }
    // A case carries the 3 counts per label the metrics read, labeled, correct and its one cell: 15, not 52.
    for (const r of promptfooOut.results.results) expect(Object.keys(r.namedScores)).toHaveLength(3 * LABELS.length + 3);
  });

  it('a hostile dataset: the page shows its text as text, with no environment value, nothing evaluated and nothing run', async () => {
    const dir = tmpDir();
    // The fixture's file references and includes name leak.txt, in the folder promptfoo runs in.
    copyFileSync(path.join(HOSTILE, 'leak.txt'), path.join(dir, 'leak.txt'));
    const env = { ...promptfooEnv(dir), OPENAI_API_KEY: SECRET };
    const config = writePromptfooProject(dir, [VARIANTS[1]!], path.join(HOSTILE, 'dataset.jsonl'));
    const ev = await runCommand(PROMPTFOO_BIN, ['eval', '-c', config, '--no-cache', '--no-table'], { cwd: dir, env: { ...env, LABELGATE_REPORT: path.join(dir, 'report.json') } });
    expect([0, 100], ev.stderr).toContain(ev.code);
    const cases = readFileSync(path.join(HOSTILE, 'dataset.jsonl'), 'utf8').trim().split('\n').length;

    const page = await viewLatest(dir, env);
    await page.waitFor(`document.querySelectorAll('tbody tr').length >= ${cases}`);
    const seen = JSON.parse(
      await page.evaluate<string>(`JSON.stringify({
        text: document.body.innerText,
        html: document.documentElement.outerHTML,
        title: document.title,
        rows: document.querySelectorAll('tbody tr').length,
        scripts: [...document.scripts].filter((s) => s.textContent.includes('alert(')).length,
        handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
        links: [...document.querySelectorAll('a[href], img[src]')].map((a) => a.getAttribute('href') ?? a.getAttribute('src')).filter((h) => /evil|^x$/.test(h)),
        details: document.querySelectorAll('details').length,
      })`),
    ) as { text: string; html: string; title: string; rows: number; scripts: number; handlers: number; links: string[]; details: number };
    await page.screenshot(path.join(ARTIFACTS, 'promptfoo-view-hostile.png'));

    expect(seen.rows).toBe(cases);
    // The data is on the page, as the dataset holds it.
    expect(seen.text).toContain('{{ env.OPENAI_API_KEY }}');
    expect(seen.text).toContain('<script>alert(1)</script>');
    // Nothing taken from the environment or a file, nothing evaluated, nothing of the data run as markup.
    for (const shown of [seen.text, seen.html]) {
      expect(shown).not.toContain(SECRET);
      for (const e of EVALUATED) expect(shown, e).not.toContain(e);
    }
    expect(seen.title).not.toContain('pwned');
    expect([seen.scripts, seen.handlers, seen.details, seen.links]).toEqual([0, 0, 0, []]);
  });
});
