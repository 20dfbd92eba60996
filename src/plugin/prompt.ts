import { promptfooMessages } from '../promptfoo/literal.ts';
import { variantFor } from '../promptfoo/provider.ts';
import { caseFromVars } from '../promptfoo/tests.ts';
import type { ChatMessage } from '../variant/messages.ts';

/**
 * promptfoo prompt function: renders a prompt variant (`config.variant`) into chat messages, escaped
 * so that promptfoo's templating gives back the literal text (case text is data, never a template).
 */
export function renderPrompt({ vars, config }: { vars: Record<string, unknown>; config?: Record<string, unknown> }): ChatMessage[] {
  return promptfooMessages(variantFor(config?.variant), caseFromVars(vars));
}
