/** The page's inline style and script: no network, no framework. */

export const PAGE_STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1b1f24;background:#fff}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.2rem .5rem;border:1px solid #d0d7de;text-align:right}
th:first-child{text-align:left}.summary td.best{font-weight:700;background:#e6f4ea}
.delta{color:#57606a;font-size:.9em}.delta.sig{font-weight:700}.delta.sig.good{color:#1a7f37}.delta.sig.bad{color:#cf222e}
.ci{color:#57606a;font-size:.85em}.ref{color:#0969da}.legend,.note{color:#57606a}
.heatmaps{display:flex;flex-wrap:wrap;gap:1.5rem}.heatmap td{min-width:3.5rem}.heatmap td.diag{font-weight:700}
.bar-grid{display:flex;flex-wrap:wrap;gap:1.5rem}.bars{min-width:22rem}.bar-row{display:flex;align-items:center;gap:.5rem}
.bar-name{width:12rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bar{flex:1;background:#eaeef2;height:.8rem;position:relative}
.fill{position:absolute;left:0;top:0;bottom:0;background:#2a74bf}.fill.f1{background:#8250df}.bar-value{width:4rem;text-align:right}
.filters{display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0}.cases td{text-align:left}.cases td.wrong{color:#cf222e}.cases td.right{color:#1a7f37}
`;

/** Filters the embedded cases; builds rows with textContent only, so no dataset string is ever parsed as HTML. */
export const PAGE_SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('case-data').textContent).rows;
  var el = function(id){ return document.getElementById(id); };
  var LIMIT = 500;
  function render(){
    var gold = el('f-gold').value, pred = el('f-predicted').value, tr = el('f-transition').value;
    var diff = el('f-different').checked, text = el('f-text').value.toLowerCase();
    var body = el('case-rows'); body.textContent = '';
    var shown = 0, matched = 0;
    for (var i = 0; i < data.length; i++) {
      var c = data[i];
      if (gold && c.gold !== gold) continue;
      if (pred && c.p.indexOf(pred) < 0) continue;
      if (tr !== 'any' && c.t.indexOf(tr) < 0) continue;
      if (diff && !c.d) continue;
      if (text && c.id.toLowerCase().indexOf(text) < 0 && c.query.toLowerCase().indexOf(text) < 0) continue;
      matched++;
      if (shown >= LIMIT) continue;
      shown++;
      var row = document.createElement('tr'); row.dataset.id = c.id;
      var cells = [c.id, c.gold === null ? '(unlabeled)' : c.gold].concat(c.p.map(function(p){ return (c.gold !== null && p !== c.gold ? '\\u2717 ' : '') + p; }), [c.query]);
      cells.forEach(function(t, k){
        var td = document.createElement('td'); td.textContent = t;
        if (k >= 2 && k < cells.length - 1) td.className = c.gold !== null && c.p[k - 2] !== c.gold ? 'wrong' : 'right';
        row.appendChild(td);
      });
      body.appendChild(row);
    }
    el('case-count').textContent = matched + ' case(s) match' + (matched > shown ? ', the first ' + shown + ' shown' : '');
  }
  ['f-gold','f-predicted','f-transition','f-different','f-text'].forEach(function(id){ el(id).addEventListener('input', render); el(id).addEventListener('change', render); });
  render();
})();
`;
