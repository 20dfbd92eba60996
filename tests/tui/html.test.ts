import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtmlPage } from '../../src/tui/html/page.ts';
import { chromium, HEADLESS_FLAGS } from '../helpers/chromium.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { fixtureModel, specs } from './fixture.ts';

/** Installed before the page's own script: every error, console error and CSP violation is recorded. */
const PROBE_HEAD = `<script>
window.__problems = [];
window.addEventListener('error', function (e) { window.__problems.push('error: ' + e.message); });
document.addEventListener('securitypolicyviolation', function (e) { window.__problems.push('csp: ' + e.violatedDirective); });
var ce = console.error; console.error = function () { window.__problems.push('console: ' + [].join.call(arguments, ' ')); ce.apply(console, arguments); };
</script>`;

/** Runs after the page's script: reads the heatmaps, applies filters as a person would, writes what it saw into the DOM. */
const PROBE_BODY = `<script>
(function () {
  var out = { problems: window.__problems, cells: [], filters: {} };
  document.querySelectorAll('figure.heatmap[data-mode="counts"] td.cell').forEach(function (td) {
    out.cells.push({ title: td.closest('figure').dataset.title, gold: td.dataset.gold, predicted: td.dataset.predicted, count: Number(td.dataset.count), text: td.textContent });
  });
  function rows() { return [].map.call(document.querySelectorAll('#case-rows tr'), function (tr) { return tr.dataset.id; }); }
  function set(id, value) { var el = document.getElementById(id); if (el.type === 'checkbox') el.checked = value; else el.value = value; el.dispatchEvent(new Event('input')); }
  out.filters.initial = rows();
  set('f-transition', 'broken'); out.filters.broken = rows();
  set('f-transition', 'any'); set('f-predicted', 'invalid'); out.filters.invalid = rows();
  set('f-predicted', ''); set('f-text', 'script'); out.filters.text = rows();
  out.hostileText = document.querySelector('#case-rows tr td:last-child') && document.querySelector('#case-rows tr td:last-child').textContent;
  out.scripts = document.scripts.length;
  out.count = document.getElementById('case-count').textContent;
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
})();
</script>`;

describe('the HTML page in headless chromium', () => {
  it('renders without errors, its heatmaps carry the right numbers, and its filters work', () => {
    const model = fixtureModel();
    const page = renderHtmlPage(model, 0);
    const file = path.join(tmpDir(), 'page.html');
    writeFileSync(file, page.replace('<style>', `${PROBE_HEAD}<style>`).replace('</body>', `${PROBE_BODY}</body>`));
    const dom = execFileSync(chromium(), [...HEADLESS_FLAGS, '--user-data-dir=' + path.join(path.dirname(file), 'profile'), '--dump-dom', `file://${file}`], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const probe = JSON.parse(
      dom
        .match(/<pre id="probe">([\s\S]*?)<\/pre>/)![1]!
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
    expect(probe.problems).toEqual([]);

    // Each cell's number, counted from the fixture's cases directly.
    const s = specs();
    const columns = ['v1@1.0.0', 'v2@2.0.0', 'v3@3.0.0'];
    const own = probe.cells.filter((c: { title: string }) => columns.includes(c.title));
    expect(own).toHaveLength(3 * 4 * 5);
    for (const c of own) {
      const k = columns.indexOf(c.title);
      const expected = s.filter((x) => x.gold === c.gold && x.p[k] === c.predicted).length;
      expect(c.count, `${c.title} ${c.gold}→${c.predicted}`).toBe(expected);
      expect(c.text.replace(/[[\]]/g, '')).toBe(String(expected));
    }
    const delta = probe.cells.find((c: { title: string; gold: string; predicted: string }) => c.title.startsWith('v2@2.0.0 − v1') && c.gold === 'other' && c.predicted === 'artifact');
    expect(delta.text).toBe('-2');

    const first = (ids: string[]) => [...new Set(ids.map((id) => id[0]))].sort();
    expect(probe.filters.initial).toHaveLength(21);
    expect(probe.filters.broken).toEqual(['b00', 'b01', 'h-1']);
    expect(first(probe.filters.invalid)).toEqual(['w']);
    expect(probe.filters.invalid).toHaveLength(6);
    expect(probe.filters.text).toEqual(['h-1']);
    // Hostile text is text: shown as written, never run; only the page's, the data's and the probe's scripts exist.
    expect(probe.hostileText).toBe('<script>alert(1)</script> clear  screen');
    expect(probe.scripts).toBe(4);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toMatch(/https?:\/\//);
  }, 90_000);
});
