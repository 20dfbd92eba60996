// A promptfoo prompt function: renders a prompt variant (`config.variant`) into chat messages.
import { promptfooMessages } from '../src/promptfoo/literal.ts';
import { variantFor } from '../src/promptfoo/provider.ts';
import { caseFromVars } from '../src/promptfoo/tests.ts';

export default function render({ vars, config }: { vars: Record<string, unknown>; config?: Record<string, unknown> }) {
  return promptfooMessages(variantFor(config?.variant), caseFromVars(vars));
}
