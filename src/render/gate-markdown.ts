import type { GateConfig } from '../gate/config.ts';
import type { GateResult, RuleResult, VariantVerdict } from '../gate/types.ts';
import { mdData, mdText } from './escape.ts';
import { count, pct } from './format.ts';
import { cutLines, fitRendering, GITHUB_COMMENT_LIMIT } from './md-budget.ts';
import { ruleMessage } from './gate-words.ts';
import { mdTable } from './table.ts';

const MARK = { pass: '✅ pass', fail: '❌ fail', inconclusive: '⚠️ inconclusive' } as const;

export interface GateMarkdownOptions {
  /** The character budget (default: GitHub's comment limit). */
  maxChars?: number;
  /** The heading level of the title (default 3, for a section of a comment). */
  level?: number;
}

/**
 * The gate's verdict as GitHub markdown: the verdict first, every failing or inconclusive rule with
 * its evidence, the passing rules folded away. Within `maxChars`; past it, passing rules go first.
 */
export function renderGateMarkdown(result: GateResult, options: GateMarkdownOptions = {}): string {
  const max = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  const h = '#'.repeat(options.level ?? 3);
  const render = (level: number): string => gateMarkdown(result, h, level === 0);
  const fitted = fitRendering(render, 2, 0, max);
  if (fitted !== undefined) return fitted;
  return cutLines(render(1), max, (n) => `> **Cut:** ${count(n)} more line(s) of the gate verdict did not fit GitHub's ${count(GITHUB_COMMENT_LIMIT)}-character limit; run \`labelgate gate\` for all of it.`);
}

function gateMarkdown(result: GateResult, h: string, withPassed: boolean): string {
  const c = result.counts;
  const out = [
    `${h} labelgate gate: ${result.verdict === 'pass' ? '✅ PASS' : '❌ FAIL'}${result.verdict === 'pass' && c.inconclusive > 0 ? ` (⚠️ ${count(c.inconclusive)} inconclusive)` : ''}`,
    '',
    `${count(c.pass)} passed · ${count(c.fail)} failed · ${count(c.inconclusive)} inconclusive (counted as ${result.inconclusiveCountsAs})`,
  ];
  for (const note of result.notes) out.push('', `> **Note:** ${mdData(note, 2000)}`);
  for (const v of result.variants) out.push('', ...variantMarkdown(v, h, withPassed, result.config));
  return `${out.join('\n')}\n`;
}

function variantMarkdown(v: VariantVerdict, h: string, withPassed: boolean, config: GateConfig): string[] {
  const version = v.version === undefined ? '' : v.baselineVersion !== undefined && v.baselineVersion !== v.version ? `${v.baselineVersion} → ${v.version}` : v.version;
  const status = v.status === 'added' ? ' (new)' : v.status === 'removed' ? ' (removed)' : '';
  const out = [`${h}# ${mdData(v.name, 80)}${version ? ` · ${mdData(version, 80)}` : ''}${status}: ${MARK[v.verdict]}`];
  if (v.notes.length > 0) out.push('', ...v.notes.map((n) => `- ${mdData(n, 2000)}`));
  const shown = v.rules.filter((r) => r.verdict !== 'pass');
  const passed = v.rules.filter((r) => r.verdict === 'pass');
  const table = (rules: readonly RuleResult[]) => rulesTable(rules, (r) => mdData(ruleMessage(r, config, v.name), 2000));
  if (shown.length > 0) out.push('', table(shown));
  if (passed.length > 0) {
    if (withPassed) {
      out.push('', `<details><summary>${count(passed.length)} rule(s) passed</summary>`, '', table(passed), '', '</details>');
    } else {
      out.push('', `${count(passed.length)} rule(s) passed (not listed: size limit).`);
    }
  }
  return out;
}

function rulesTable(rules: readonly RuleResult[], evidence: (r: RuleResult) => string): string {
  return mdTable(
    ['rule', 'verdict', 'observed', 'threshold', 'evidence'],
    rules.map((r) => [
      mdText(r.rule) + (r.label === undefined ? '' : ` ${mdData(r.label, 40)}`),
      MARK[r.verdict],
      r.observed === null ? '–' : pct(r.observed),
      `${r.rule.startsWith('min') ? '≥' : '≤'} ${pct(r.threshold)}`,
      evidence(r),
    ]),
    ['l', 'l', 'r', 'r', 'l'],
  );
}

