import { UserError } from '../../src/core/errors.ts';

/** The message a user would read (`file:line: …`) when `fn` refuses its input; any other outcome fails the test. */
export function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.format();
    throw e;
  }
  throw new Error('expected a UserError');
}
