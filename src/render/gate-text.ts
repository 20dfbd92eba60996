import type { GateConfig } from '../gate/config.ts';
import type { GateResult, RuleResult, VariantVerdict } from '../gate/types.ts';
import { termText } from '../core/text.ts';
import { count, pct } from './format.ts';
import { ruleMessage } from './gate-words.ts';
import { indent, termCell as name, textTable } from './table.ts';

const WORD = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' } as const;

/** The gate's verdict for a terminal or a CI log: the verdict first, then each variant's rules. */
export function renderGateText(result: GateResult): string {
  const c = result.counts;
  const out = [
    `labelgate gate: ${WORD[result.verdict]} (${count(c.pass)} passed, ${count(c.fail)} failed, ${count(c.inconclusive)} inconclusive counted as ${result.inconclusiveCountsAs})`,
  ];
  for (const note of result.notes) out.push(`note: ${termText(note)}`);
  for (const v of result.variants) out.push('', ...variantText(v, result.config));
  return `${out.join('\n')}\n`;
}

function variantText(v: VariantVerdict, config: GateConfig): string[] {
  const version = v.version === undefined ? '' : v.baselineVersion !== undefined && v.baselineVersion !== v.version ? `@${v.baselineVersion} -> ${v.version}` : `@${v.version}`;
  const status = v.status === 'added' ? ' (new)' : v.status === 'removed' ? ' (removed)' : '';
  return [
    `${name(v.name, 80)}${termText(version)}${status}: ${WORD[v.verdict]}`,
    ...v.notes.map((n) => `  note: ${termText(n)}`),
    indent(
      textTable(
        ['verdict', 'rule', 'observed', 'threshold', 'evidence'],
        v.rules.map((r) => [WORD[r.verdict], ruleName(r), r.observed === null ? '–' : pct(r.observed), `${r.rule.startsWith('min') ? '>=' : '<='} ${pct(r.threshold)}`, termText(ruleMessage(r, config, v.name))]),
        ['l', 'l', 'r', 'r', 'l'],
      ),
    ),
  ];
}

function ruleName(r: RuleResult): string {
  return r.label === undefined ? r.rule : `${r.rule} ${name(r.label, 30)}`;
}

