import type * as z from 'zod';

/**
 * A mistake in something the user gave us (a file, a flag, a config). The CLI prints it as
 * `file:line: message` with no stack trace and exits 2; everything else is a bug: exit 3, with the
 * stack under `--debug` or `LABELGATE_DEBUG=1`.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** `file:line: message`, `file: message` or `message`, whichever parts are known. */
  format(): string {
    const where = this.file === undefined ? '' : this.line === undefined ? `${this.file}: ` : `${this.file}:${this.line}: `;
    return `${where}${this.message}`;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** The first problem zod found, in the words every error message uses. */
export interface SchemaIssue {
  /** Field path, as strings (array indexes too). */
  path: string[];
  /** zod's message, with "expected X, received undefined" said as "is required". */
  message: string;
  /** The field is absent rather than wrong. */
  missing: boolean;
  /** For an unknown key: its name. */
  unknownKey?: string;
}

export function firstIssue(error: z.ZodError): SchemaIssue {
  const issue = error.issues[0]!;
  const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  return {
    path: issue.path.map(String),
    message: missing ? 'is required' : issue.message,
    missing,
    ...(unknownKey !== undefined && { unknownKey }),
  };
}

/**
 * A zod failure as the user's error: `file:line: [what: ]field.path: message`. `lineOf` finds the
 * line of a field path (YAML); without it the error names the file, or `line` when known (JSONL).
 */
export function schemaError(error: z.ZodError, file: string, options: { what?: string; line?: number; lineOf?: (path: string[]) => number } = {}): UserError {
  const issue = firstIssue(error);
  const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const line = options.lineOf ? options.lineOf(issue.path) : options.line;
  return new UserError(`${options.what ? `${options.what}: ` : ''}${field}${issue.message}`, file, line);
}

/**
 * Work that goes on elsewhere and is not finished yet (an OpenAI batch still running when the wait
 * ran out): no report is written, and running the same command again resumes it. Exit 75
 * (EX_TEMPFAIL: try again later), so CI tells it from a failure.
 */
export class PendingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PendingError';
  }
}

export const EXIT_PENDING = 75;
