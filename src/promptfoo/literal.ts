import type { ClassifierCase } from '../classifier/types.ts';
import { buildMessages, type ChatMessage } from '../variant/messages.ts';
import type { Variant } from '../variant/schema.ts';

/**
 * Text that promptfoo's nunjucks renders back to itself. promptfoo renders every string of a prompt
 * function's output as a template (with `env` holding the process environment), so a dataset row's
 * `{{ env.OPENAI_API_KEY }}` would be expanded into the recorded prompt. The text goes in a
 * `{% raw %}` block, which nunjucks copies without reading it as a template (and which it takes in
 * one regular-expression match instead of character by character, several times cheaper for a
 * prompt's length). Only `{%` can end or nest a raw block, so each one is written between two blocks
 * as a string literal expression: `{% endraw %}{{ '{%' }}{% raw %}`. The quotes are single so the
 * escape survives promptfoo's fallback of rendering the whole JSON text at once.
 */
export function nunjucksLiteral(text: string): string {
  if (templatingDisabled()) return text;
  return `{% raw %}${text.replaceAll('{%', "{% endraw %}{{ '{%' }}{% raw %}")}{% endraw %}`;
}

/**
 * The config's `env` entry for the switch: promptfoo reads a variable from the config's `env` before
 * the process environment (where it has already loaded `.env`), so a config can turn templating off,
 * or back on, whatever the shell says. promptfoo hands that `env` to the providers it loads (not to
 * prompt functions or hooks), so labelgate's provider passes it on. With another provider the
 * process environment decides, as the shell and `.env` set it.
 */
let configured: unknown;

/** Called by labelgate's provider with the `env` promptfoo gives it (undefined for none). */
export function useConfigEnv(env: Readonly<Record<string, unknown>> | undefined): void {
  configured = env?.PROMPTFOO_DISABLE_TEMPLATING;
}

/** promptfoo renders nothing when this is set (read as promptfoo reads a boolean variable). */
function templatingDisabled(): boolean {
  const value = configured !== undefined ? String(configured) : (process.env.PROMPTFOO_DISABLE_TEMPLATING ?? '');
  return ['1', 'true', 'yes', 'yup', 'yeppers'].includes(value.toLowerCase());
}

/**
 * The classifier's messages for a case, as a promptfoo prompt function returns them: after promptfoo
 * renders them they are exactly the messages the classifier sends (the provider rebuilds those
 * itself from the case, so nothing promptfoo renders reaches the model).
 */
export function promptfooMessages(v: Variant, c: ClassifierCase): ChatMessage[] {
  return buildMessages(v, c).map((m) => ({ role: m.role, content: nunjucksLiteral(m.content) }));
}
