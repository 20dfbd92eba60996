import { TRANSITIONS, type ComparedVariant, type Flip, type ReportDiff } from '../diff/report-diff.ts';
import { termText } from '../core/text.ts';
import { changed, classifierName, costChange, deltaCell, deltaWithCI, modelName, ms, removedLine, signedCount, TRANSITION_TEXT } from './diff-cells.ts';
import { count, pct } from './format.ts';
import { indent, termCell as name, textTable } from './table.ts';

/** The diff for a terminal: everything, plain text, dataset text stripped of control sequences. */
export function renderDiffText(diff: ReportDiff): string {
  const out = ['labelgate diff'];
  for (const note of diff.notes) out.push(`note: ${termText(note)}`);
  out.push(
    '',
    textTable(
      ['variant', 'version', 'paired', 'accuracy', 'Δ accuracy (95% CI)', 'macro-F1', 'Δ macro-F1 (95% CI)', 'broken', 'fixed', 'changed'],
      diff.variants.map((v) =>
        v.status !== 'compared'
          ? [name(v.name, 40), `${v.status} (${name(v.identity.version, 20)})`, '–', pct(v.accuracy), '–', pct(v.macroF1), '–', '–', '–', '–']
          : [
              name(v.name, 40),
              name(v.changes.version ? `${v.base.version} -> ${v.candidate.version}` : v.candidate.version, 30) + (v.changes.unbumped ? ' (content changed, version not bumped!)' : ''),
              count(v.paired),
              `${pct(v.accuracy.base)} -> ${pct(v.accuracy.candidate)}`,
              deltaWithCI(v.accuracy),
              `${pct(v.macroF1.base)} -> ${pct(v.macroF1.candidate)}`,
              deltaWithCI(v.macroF1),
              count(v.flips.broken.length),
              count(v.flips.fixed.length),
              count(v.flips.changed.length),
            ],
      ),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  const unchanged = diff.variants.filter((v): v is ComparedVariant => v.status === 'compared' && !changed(v));
  if (unchanged.length > 0) out.push('', `No change in ${unchanged.map((v) => name(v.name, 40)).join(', ')}: same predictions on every paired case, same prompt and model.`);
  for (const v of diff.variants) if (v.status === 'compared' && changed(v)) out.push('', ...variantText(v));
  return `${out.join('\n')}\n`;
}

function variantText(v: ComparedVariant): string[] {
  const out = [`${name(v.name, 80)}: paired on ${count(v.paired)} labeled case(s)`];
  const c = v.changes;
  if (c.version) out.push(`  version ${name(v.base.version, 20)} -> ${name(v.candidate.version, 20)}`);
  if (c.hash) out.push(`  prompt hash ${name(v.base.hash, 12)} -> ${name(v.candidate.hash, 12)}${c.unbumped ? ' (content changed without a version bump!)' : ''}`);
  if (c.backend || c.model) out.push(`  model ${name(modelName(v.base), 60)} -> ${name(modelName(v.candidate), 60)}`);
  if (c.classifier) out.push(`  classifier ${name(classifierName(v.base), 60)} -> ${name(classifierName(v.candidate), 60)}`);
  if (v.removed.length > 0) out.push(`  ${removedLine(v, (id) => `"${name(id, 60)}"`, 50)}`);
  if (v.missing > 0) out.push(`  ${count(v.missing)} baseline case(s) missing from the candidate, counted as wrong`);
  if (v.goldChanged > 0) out.push(`  ${count(v.goldChanged)} case(s) changed gold label (both judged against the candidate's)`);
  const u = v.usage;
  const usage: string[] = [];
  if (u.tokens.base > 0 || u.tokens.candidate > 0) usage.push(`tokens ${count(u.tokens.base)} -> ${count(u.tokens.candidate)}`);
  const cost = costChange(u, '->');
  if (cost) usage.push(cost);
  if (u.latencyMeanMs && (u.latencyMeanMs.base > 0 || u.latencyMeanMs.candidate > 0)) usage.push(`mean latency ${ms(u.latencyMeanMs.base)} -> ${ms(u.latencyMeanMs.candidate)} ms`);
  if (usage.length > 0) out.push(`  ${usage.join(', ')}`);
  out.push('');
  out.push(
    indent(
      textTable(
        ['label', 'support', 'precision', 'recall', 'F1'],
        v.perLabel.map((l) => [name(l.label, 30), count(l.support), deltaCell(l.precision), deltaCell(l.recall), deltaCell(l.f1)]),
        ['l', 'r', 'r', 'r', 'r'],
      ),
    ),
    '',
    '  confusion-matrix change (rows gold, columns predicted; candidate - baseline)',
    indent(
      textTable(
        ['gold \\ predicted', ...v.confusion.columns.map((col) => name(col, 16))],
        v.confusion.labels.map((label, g) => [name(label, 30), ...v.confusion.delta[g]!.map(signedCount)]),
        ['l', ...v.confusion.columns.map((): 'r' => 'r')],
      ),
    ),
  );
  for (const t of TRANSITIONS) {
    const flips = v.flips[t];
    if (flips.length === 0) continue;
    const { title, meaning } = TRANSITION_TEXT[t];
    out.push('', `  ${title}: ${count(flips.length)} (${meaning.replace('→', '->')})`, indent(flipTable(flips)));
  }
  return out;
}

function flipTable(flips: readonly Flip[]): string {
  return textTable(
    ['case', 'gold', 'baseline', 'candidate'],
    flips.map((f) => [f.query !== undefined && f.query.trim() !== '' ? `${name(f.query, 70)} [${name(f.id, 30)}]` : name(f.id, 40), name(f.gold, 30), name(f.base, 30), name(f.candidate, 30)]),
    ['l', 'l', 'l', 'l'],
  );
}
