/**
 * GitHub refuses a comment body over 65,536 characters. Renderers that produce comments take a
 * character budget and shed detail to stay under it, saying visibly what they cut.
 */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * The most detailed rendering that fits: `render(level)` for levels 0 (everything) … `levels − 1`
 * (least), each level tried with the largest `rows` (0 … `maxRows`) that fits, found by bisection
 * because a rendering's length grows with its rows. Returns undefined when even the least detailed
 * rendering with no rows is too long.
 */
export function fitRendering(render: (level: number, rows: number) => string, levels: number, maxRows: number, maxChars: number): string | undefined {
  const full = render(0, maxRows);
  if (full.length <= maxChars) return full;
  for (let level = 0; level < levels; level++) {
    if (render(level, 0).length > maxChars) continue;
    let lo = 0;
    let hi = maxRows;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (render(level, mid).length <= maxChars) lo = mid;
      else hi = mid - 1;
    }
    return render(level, lo);
  }
  return undefined;
}

/**
 * The last resort: whole lines from the top, any `<details>` left open closed, then the note.
 * Cutting at a line keeps every table row whole.
 */
export function cutLines(text: string, maxChars: number, note: (omittedLines: number) => string): string {
  const lines = text.split('\n');
  let kept = lines.length;
  let open = 0;
  const closing: number[] = [0];
  for (const line of lines) {
    open += (line.match(/<details>/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0);
    closing.push(Math.max(0, open));
  }
  let length = text.length;
  const assemble = (k: number): string => `${lines.slice(0, k).join('\n')}${'\n</details>'.repeat(closing[k]!)}\n\n${note(lines.length - k)}\n`;
  const estimate = (k: number): number => length + closing[k]! * 11 + note(lines.length - k).length + 3;
  const drop = (): void => {
    kept--;
    length -= lines[kept]!.length + 1;
  };
  while (kept > 0 && estimate(kept) > maxChars) drop();
  // No table left as a header without rows: drop a trailing header (and its delimiter row).
  const delimiter = (i: number): boolean => /^\|(\s*:?-+:?\s*\|)+$/.test(lines[i] ?? '');
  if (kept > 0 && delimiter(kept)) drop();
  else if (kept > 1 && delimiter(kept - 1)) {
    drop();
    drop();
  }
  const out = assemble(kept);
  return out.length <= maxChars ? out : out.slice(0, Math.max(0, maxChars));
}
