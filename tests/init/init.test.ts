import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readReport } from '../../src/report/io.ts';
import { loadVariants } from '../../src/variant/load.ts';
import { labelgate, ROOT, runCommand } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { tree } from '../helpers/tree.ts';

/** `labelgate init` as a new user runs it: in a fresh git repository outside this one, through the package's bin. */

function gitRepo(files: Record<string, string> = {}): string {
  const dir = tmpDir(files);
  const r = spawnSync('git', ['init', '--quiet'], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return dir;
}

const INIT = ['init', '--task', 'ticket-router', '--labels', 'billing,bug,feature,other'];

describe('labelgate init in a new repository', () => {
  it('scaffolds a project that `labelgate eval` runs offline; a second run changes nothing', async () => {
    const repo = gitRepo();
    const first = await labelgate(INIT, { cwd: repo });
    expect(first.code, first.stderr).toBe(0);
    const created = [...first.stdout.matchAll(/^created +(\S+)$/gm)].map((m) => m[1]);
    expect(created.sort()).toEqual(
      ['.github/workflows/prompt-eval.yml', '.gitignore', 'datasets/ticket-router.jsonl', 'labelgate.config.yaml', 'labelgate.gate.yaml', 'promptfooconfig.yaml', 'prompts/ticket-router/v1.yaml', 'prompts/variants.lock.json'].sort(),
    );
    expect(first.stdout).toMatch(/Next:\n {2}npx labelgate eval .*\n {2}npx promptfoo eval .*\n {2}npx promptfoo view /);
    expect(first.stdout).toMatch(/datasets\/ticket-router\.jsonl is an example/);
    expect(readFileSync(path.join(repo, '.gitignore'), 'utf8')).toBe('.labelgate/\nreports/\n');
    // Not installed in this repository: the plugin is referenced where the install will put it, and init says so.
    expect(first.stderr).toMatch(/npm install -D labelgate/);
    expect((parse(readFileSync(path.join(repo, 'promptfooconfig.yaml'), 'utf8')) as { providers: { id: string }[] }).providers[0]!.id).toBe('file://node_modules/labelgate/providers/labelgate.ts');
    const [variant] = loadVariants([path.join(repo, 'prompts')]);
    expect(variant!.labels.map((l) => l.name)).toEqual(['billing', 'bug', 'feature', 'other']);

    const before = tree(repo);
    const second = await labelgate(INIT, { cwd: repo });
    expect(second.code, second.stderr).toBe(0);
    expect(tree(repo)).toEqual(before);
    expect(second.stdout).not.toMatch(/^(created|updated)/m);
    expect([...second.stdout.matchAll(/^left alone +(\S+) \(exists\)$/gm)].map((m) => m[1]).sort()).toEqual(created.filter((f) => f !== '.gitignore').sort());

    // The scaffold is a working project: the lock accepts v1, the dataset loads, reports go where the config says.
    writeFileSync(path.join(repo, 'labelgate.config.yaml'), `${readFileSync(path.join(repo, 'labelgate.config.yaml'), 'utf8')}reports: out/evals\n`);
    const evalRun = await labelgate(['eval', '--quiet'], { cwd: repo, env: { HOME: repo, OPENAI_API_KEY: '' } });
    expect(evalRun.code, evalRun.stderr).toBe(0);
    const written = readdirSync(path.join(repo, 'out/evals'));
    expect(written).toHaveLength(1);
    const report = readReport(path.join(repo, 'out/evals', written[0]!));
    expect([report.dataset.path, report.dataset.size]).toEqual(['datasets/ticket-router.jsonl', 12]);
    expect(report.variants.map((v) => [v.name, v.backend, v.cases.length])).toEqual([['v1', 'offline', 12]]);
  });

  it('inside a project that installed labelgate: promptfooconfig.yaml points at its files, and bare promptfoo eval reports the labels\' metrics', async () => {
    // node_modules/labelgate is this package, as an install of it leaves it.
    const proj = gitRepo();
    mkdirSync(path.join(proj, 'node_modules'));
    symlinkSync(ROOT, path.join(proj, 'node_modules', 'labelgate'), 'dir');
    const r = await labelgate(['init', '--labels', 'spam,ham', '--yes'], { cwd: proj });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const c = parse(readFileSync(path.join(proj, 'promptfooconfig.yaml'), 'utf8')) as { providers: { id: string }[]; prompts: { id: string }[]; tests: { path: string }[]; defaultTest: { assert: { value: string }[] }; extensions: string[] };
    const refs = [c.providers[0]!.id, c.prompts[0]!.id, c.tests[0]!.path, c.defaultTest.assert[0]!.value, ...c.extensions.map((e) => e.replace(/:(beforeAll|afterEach|afterAll)$/, ''))];
    for (const ref of refs) {
      expect(ref).toMatch(/^file:\/\/node_modules\/labelgate\/providers\//);
      expect(existsSync(path.join(proj, ref.slice('file://'.length))), ref).toBe(true);
    }
    expect(existsSync(path.join(proj, 'prompts/classifier/v1.yaml'))).toBe(true);

    // A case whose text is a template: promptfoo must record it as written, not evaluate it.
    const dataset = path.join(proj, 'datasets/classifier.jsonl');
    const hostile = 'EXAMPLE 7: a question about spam {{ env.OPENAI_API_KEY }} and {{ 7*7 }} {%- endraw %}{%endraw%}{{\'{%\'}}';
    writeFileSync(dataset, `${readFileSync(dataset, 'utf8')}${JSON.stringify({ id: 'template', query: hostile, label: 'spam' })}\n`);

    // promptfoo itself, on the scaffold as written: the labels' metrics arrive as named scores.
    const secret = 'SENTINEL-environment-value-4242';
    const state = path.join(proj, 'state');
    const pf = await runCommand(path.join(ROOT, 'node_modules', '.bin', 'promptfoo'), ['eval', '--no-cache', '-o', 'out.json'], {
      cwd: proj,
      env: { PROMPTFOO_CONFIG_DIR: state, OPENAI_API_KEY: secret },
    });
    expect(pf.code, pf.stderr).toBe(0);
    const outText = readFileSync(path.join(proj, 'out.json'), 'utf8');
    const out = JSON.parse(outText) as { results: { prompts: { metrics: { namedScores: Record<string, number> } }[] } };
    const scores = out.results.prompts[0]!.metrics.namedScores;
    // The example cases name their label, so the offline classifier gets every one right: 7 spam, 6 ham.
    expect([scores.tally_tp_spam, scores.tally_tp_ham, scores.tally_fp_spam, scores.tally_fn_ham]).toEqual([7, 6, 0, 0]);
    expect([scores.accuracy, scores.precision_spam, scores.recall_ham, scores.f1_spam, scores.macro_f1]).toEqual([1, 1, 1, 1, 1]);
    const db = readdirSync(state).filter((f) => f.startsWith('promptfoo.db')).map((f) => readFileSync(path.join(state, f)).toString('latin1'));
    expect(db.length).toBeGreaterThan(0);
    for (const text of [outText, pf.stdout, pf.stderr, ...db]) {
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/and 49\b/);
    }
    // The prompt promptfoo records is the text that was sent, as written.
    expect(outText).toContain(JSON.stringify(JSON.stringify(hostile).slice(1, -1)).slice(1, -1));
  });

  it('leaves an existing file alone and names it; appends only missing .gitignore entries', async () => {
    const mine = '# our own promptfoo setup\nprompts: [hello]\n';
    const repo = gitRepo({ 'promptfooconfig.yaml': mine, '.gitignore': 'node_modules\n/reports' });
    const r = await labelgate([...INIT, '--yes'], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^left alone +promptfooconfig\.yaml \(exists\)$/m);
    expect(r.stdout).toMatch(/^updated +\.gitignore$/m);
    expect(readFileSync(path.join(repo, 'promptfooconfig.yaml'), 'utf8')).toBe(mine);
    expect(readFileSync(path.join(repo, '.gitignore'), 'utf8')).toBe('node_modules\n/reports\n.labelgate/\n');
  });

  it('bad names and missing labels: exit 2, a clear message, nothing written', async () => {
    const repo = gitRepo();
    const bad = await labelgate(['init', '--labels', 'billing,Bug Reports'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^labelgate init: --labels: "Bug Reports" must be lower-case letters, digits, "_" or "-", starting with a letter\n$/);
    const task = await labelgate(['init', '--task', '../escape', '--labels', 'a,b'], { cwd: repo });
    expect(task.code).toBe(2);
    expect(task.stderr).toMatch(/--task: "\.\.\/escape" must be/);
    // stdin is not a terminal here, so init cannot ask.
    const none = await labelgate(['init'], { cwd: repo });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--labels is needed/);
    expect(readdirSync(repo)).toEqual(['.git']);
  });
});
