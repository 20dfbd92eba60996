/** Checks on rendered GitHub markdown, shared by the diff and gate tests. */

/** The cells of a table row: split on pipes not escaped by a backslash, without the outer ones. */
export function tableCells(line: string): number {
  let pipes = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') pipes++;
  }
  return pipes - 1;
}

/**
 * Every table (runs of lines starting with "|"): its header's cell count, its delimiter row's and
 * each body row's.
 */
export function tables(markdown: string): { header: number; delimiter: number; rows: number[] }[] {
  const out: { header: number; delimiter: number; rows: number[] }[] = [];
  let current: { header: number; delimiter: number; rows: number[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (!current) out.push((current = { header: tableCells(line), delimiter: -1, rows: [] }));
    else if (current.delimiter === -1) current.delimiter = /^\|(\s*:?-+:?\s*\|)+$/.test(line) ? tableCells(line) : -2;
    else current.rows.push(tableCells(line));
  }
  return out;
}

/** Tags the renderers write themselves; any other tag came from data. */
const OWN_TAGS = new Set(['details', 'summary', 'code', 'sub']);

/**
 * What in rendered GitHub markdown would act rather than show: raw HTML, mentions, issue and commit
 * references, autolinks, links, code fences, math, bidirectional and control characters, broken tables.
 * Returns one line per finding (empty when the markdown is inert). `allowed` are substrings the
 * renderer writes on purpose (a link to the CI run) and are removed before checking.
 */
export function activeMarkdown(markdown: string, allowed: readonly string[] = []): string[] {
  let md = markdown;
  for (const a of allowed) md = md.split(a).join('');
  const found: string[] = [];
  const report = (what: string, re: RegExp, text = md) => {
    const m = re.exec(text);
    if (m) found.push(`${what}: ${JSON.stringify(text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20))}`);
  };
  for (const m of md.matchAll(/<\/?([A-Za-z][\w-]*)/g)) if (!OWN_TAGS.has(m[1]!.toLowerCase())) found.push(`HTML tag <${m[1]}>`);
  for (const tag of OWN_TAGS) {
    const open = (md.match(new RegExp(`<${tag}>`, 'g')) ?? []).length;
    const close = (md.match(new RegExp(`</${tag}>`, 'g')) ?? []).length;
    if (open !== close) found.push(`<${tag}> opened ${open} times, closed ${close} times`);
  }
  report('mention', /(^|[^\w\\`])@[A-Za-z0-9]/);
  report('issue reference', /(?<![&\w])#\d/);
  report('issue reference', /\bGH-\d/i);
  report('autolink', /\bwww\./i);
  report('autolink', /\b[a-z][a-z0-9+.-]*:\/\//i);
  report('e-mail autolink', /[\w.+-]+@[A-Za-z0-9-]+\.[A-Za-z]/);
  report('link or image', /(^|[^\\])\]\(/);
  report('code fence', /```|~~~/);
  report('math', /(?<!\\)(?:\\\\)*\$/); // "$…$" renders as math unless the dollar is escaped
  report('bidirectional control', /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  report('control character', /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  // Outside code spans, a run of 7 or more hex digits may link a commit (the renderers' own numbers,
  // such as a bootstrap seed, are decimal; decimal runs from data are broken by mdText like any other).
  report('commit reference', /\b(?=[0-9]*[a-f])[0-9a-f]{7,}\b/i, md.replace(/<code>[\s\S]*?<\/code>/g, ''));
  for (const t of tables(markdown)) {
    if (t.delimiter !== t.header) found.push(`table delimiter has ${t.delimiter} cells, header ${t.header}`);
    for (const cells of t.rows) if (cells !== t.header) found.push(`table row has ${cells} cells, header ${t.header}`);
  }
  return found;
}
