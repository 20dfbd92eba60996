/**
 * The progress vocabulary shared by the eval loop (which counts) and the views (which draw): one
 * event per answered case, carrying the variant's running counts, so a late or repeated event can
 * never make a count go back.
 */
export interface ProgressEvent {
  /** The variant as reports show it (`name@version`). */
  variant: string;
  done: number;
  total: number;
  invalid: number;
  error: number;
  /** Requests sent again after a retryable failure (backends that retry; 0 for the others). */
  retries: number;
  /** Answers taken from the response cache instead of the model. */
  cacheHits: number;
  /** Answers this run wrote to the response cache (kept if the run is interrupted). */
  cacheStored?: number;
}

/** Where the eval loop sends its events: a terminal view, plain lines, a test's recorder. */
export interface ProgressSink {
  update(event: ProgressEvent): void;
}
