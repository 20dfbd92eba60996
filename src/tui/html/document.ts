import { safe } from '../text.ts';
import { escapeHtml } from './escape-html.ts';

/** Dataset text for a page: control characters gone, then escaped. */
export const h = (text: string): string => escapeHtml(safe(text));

export interface HtmlDocument {
  /** Plain text: escaped here. */
  title: string;
  style: string;
  /** Markup, every data string in it already escaped with `h`. */
  body: string;
  /** Inline code; without it the page may run no script at all. */
  script?: string;
}

/**
 * A self-contained page: inline style (and script, when given), a Content-Security-Policy that allows
 * nothing else (no network, no other script), so a page written from untrusted data can be opened
 * anywhere.
 */
export function htmlDocument(doc: HtmlDocument): string {
  const scripts = doc.script === undefined ? "script-src 'none'" : "script-src 'unsafe-inline'";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; ${scripts}; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(doc.title)}</title><style>${doc.style}</style></head>
<body><h1>${h(doc.title)}</h1>${doc.body}${doc.script === undefined ? '' : `\n<script>${doc.script}</script>`}</body></html>
`;
}
