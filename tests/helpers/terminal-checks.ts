/**
 * What in text bound for a terminal could drive it or hide what it shows: escape sequences and other
 * control characters (C0 but tab and newline, DEL, C1) and bidirectional controls. One line per finding.
 */
export function activeTerminal(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g)) {
    found.push(`U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 20), m.index + 20))}`);
    if (found.length >= 5) break;
  }
  return found;
}
