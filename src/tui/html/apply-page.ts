import { isOutcome } from '../../core/outcome.ts';
import type { Drift } from '../../metrics/drift.ts';
import type { ApplyReport } from '../../report/apply-schema.ts';
import { backendTitle, driftNotes, driftVerdict, hashTitle, largestShare, psiWords, variantTitle, type ApplyView } from '../../render/apply-view.ts';
import { count, pct, pctInterval, pp } from '../../render/format.ts';
import { PAGE_STYLE } from './assets.ts';
import { h, htmlDocument } from './document.ts';

const APPLY_STYLE = `${PAGE_STYLE}
.dist .bar-name{width:10rem}.dist .bar{max-width:36rem}.fill.earlier{background:#8c959f}.shift{font-weight:700;color:#cf222e}
.verdict{font-weight:700}.verdict.flagged{color:#cf222e}td.l,.transitions th{text-align:left}`;

/** A bar as wide as `share / max` of its track; the number beside it is the text, the bar only shows it. */
function barRow(name: string, share: number, max: number, text: string, extra = ''): string {
  const width = max > 0 ? (100 * share) / max : 0;
  return `<div class="bar-row"><span class="bar-name">${name}</span><span class="bar"><span class="fill${extra}" style="width:${width.toFixed(1)}%"></span></span><span class="bar-value">${h(text)}</span></div>`;
}

function identity(r: ApplyReport): string {
  const c = r.corpus;
  const shard = c.shard ? `, shard ${c.shard.index}/${c.shard.count} of ${count(c.totalSize ?? c.size)}` : '';
  return `<p>Variant <code>${h(variantTitle(r))}</code> (prompt <code>${h(hashTitle(r.variant.hash))}</code>) · backend <code>${h(backendTitle(r))}</code> · corpus <code>${h(c.path)}</code> (hash <code>${h(c.hash)}</code>, ${count(c.size)} cases${shard}) · ${h(r.createdAt)}</p>`;
}

function distributionSection(r: ApplyReport): string {
  const d = r.distribution;
  const max = largestShare(d.rows.map((row) => row.share));
  const rows = d.rows.map((row) => `<tr data-label="${h(row.label)}"><th>${h(row.label)}</th><td>${count(row.count)}</td><td>${pct(row.share)}</td><td>${pctInterval(row.ci)}</td></tr>`);
  const bars = d.rows.map((row) => barRow(h(row.label), row.share, max, pct(row.share)));
  const bad = r.cases.filter((c) => isOutcome(c.prediction)).slice(0, 20);
  const examples =
    bad.length === 0
      ? ''
      : `<h3>Cases without a valid label (the first ${bad.length})</h3><table><tr><th>case</th><th>prediction</th><th>why</th></tr>${bad.map((c) => `<tr><td class="l">${h(c.id)}</td><td class="l">${h(c.prediction)}</td><td class="l">${h(c.reason ?? '')}</td></tr>`).join('')}</table>`;
  return (
    `<section id="distribution"><h2>Label distribution</h2><table><tr><th>label</th><th>cases</th><th>share</th><th>95% CI (Wilson)</th></tr>${rows.join('')}<tr><th>total</th><td>${count(d.total)}</td><td></td><td></td></tr></table>` +
    `<div class="bars dist">${bars.join('')}</div><p class="note">A full bar is ${pct(max)} of the cases (the largest share).</p>${examples}</section>`
  );
}

function driftSection(file: string, earlier: ApplyReport, d: Drift): string {
  const level = `${Math.round(d.level * 100)}% CI`;
  const rows = d.categories.map(
    (c) =>
      `<tr data-label="${h(c.label)}"><th>${h(c.label)}</th><td>${pct(c.earlier.share)} (${count(c.earlier.count)})</td><td>${pct(c.later.share)} (${count(c.later.count)})</td><td${c.shifted ? ' class="shift"' : ''}>${pp(c.change)}${c.shifted ? ' *' : ''}</td><td>${pp(c.ci.low)} to ${pp(c.ci.high)}</td></tr>`,
  );
  const shown = d.categories.filter((c) => c.earlier.count + c.later.count > 0);
  const max = largestShare(shown.flatMap((c) => [c.earlier.share, c.later.share]));
  const bars = shown.map((c) => `<h3>${h(c.label)}</h3>${barRow('earlier', c.earlier.share, max, pct(c.earlier.share), ' earlier')}${barRow('later', c.later.share, max, pct(c.later.share))}`);
  const ch = d.changes;
  const changes =
    ch.shared === 0
      ? '<p>No case id is in both reports: no label changes to count.</p>'
      : `<p><strong>${count(ch.changed)} of ${count(ch.shared)} shared case(s) changed label</strong> (${pct(ch.changed / ch.shared)}).${ch.onlyEarlier > 0 || ch.onlyLater > 0 ? ` ${count(ch.onlyEarlier)} case(s) only in the earlier report, ${count(ch.onlyLater)} only in this one.` : ''}${d.sameVariant ? ' Same variant, version and prompt hash: changes come from the backend or the model, not the prompt.' : ''}</p>` +
        (ch.transitions.length === 0
          ? ''
          : `<table class="transitions"><tr><th>from</th><th>to</th><th>cases</th><th>examples</th></tr>${ch.transitions.map((t) => `<tr><td class="l">${h(t.from)}</td><td class="l">${h(t.to)}</td><td>${count(t.count)}</td><td class="l">${t.examples.map((id) => `<code>${h(id)}</code>`).join(', ')}${t.count > t.examples.length ? ', …' : ''}</td></tr>`).join('')}</table>`);
  return (
    `<section id="drift"><h2>Drift against <code>${h(file)}</code></h2>${identity(earlier)}` +
    `<p class="verdict${d.flagged ? ' flagged' : ''}">${h(driftVerdict(d))}</p><p>${h(psiWords(d.psi.value, d.psi.band))}</p>` +
    `<table class="drift"><tr><th>label</th><th>earlier</th><th>later</th><th>change</th><th>${level}</th></tr>${rows.join('')}</table>` +
    `<ul class="note">${driftNotes(d)
      .map((n) => `<li>${h(n)}</li>`)
      .join('')}</ul><div class="bars dist">${bars.join('')}</div><h3>Label changes on shared cases</h3>${changes}</section>`
  );
}

/** `labelgate apply --format html`: the distribution (and the drift) as one self-contained page, no script, every data string escaped. */
export function renderApplyPage(view: ApplyView): string {
  const r = view.report;
  const body = `${identity(r)}\n${distributionSection(r)}${view.compared ? `\n${driftSection(view.compared.file, view.compared.earlier, view.compared.drift)}` : ''}`;
  return htmlDocument({ title: `labelgate apply: ${variantTitle(r)}`, style: APPLY_STYLE, body });
}
