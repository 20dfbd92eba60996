import { variantFor } from '../promptfoo/provider.ts';
import { caseFromVars } from '../promptfoo/tests.ts';
import { buildMessages, type ChatMessage } from '../variant/messages.ts';

/** promptfoo prompt function: renders a prompt variant (`config.variant`) into chat messages. */
export function renderPrompt({ vars, config }: { vars: Record<string, unknown>; config?: Record<string, unknown> }): ChatMessage[] {
  return buildMessages(variantFor(config?.variant), caseFromVars(vars));
}
