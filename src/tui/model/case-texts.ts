/** A case's full text. Reports keep only an excerpt of the query, so the detail pane looks the rest up. */
export interface CaseText {
  query: string;
  document?: string;
}

/** Where the detail pane finds a case's full text; `note` says why none is shown when that is so. */
export interface CaseTexts {
  get(id: string): CaseText | undefined;
  note(): string | undefined;
}
