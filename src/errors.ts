/**
 * A mistake in something the user gave us (a file, a flag, a config). The CLI prints it as
 * `file:line: message` with no stack trace and exits 2; everything else is a bug and keeps its stack.
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
