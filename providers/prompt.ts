// A promptfoo prompt function: renders a prompt variant (`config.variant`) into chat messages.
import { variantFor } from '../src/promptfoo/provider.ts';
import { caseFromVars } from '../src/promptfoo/tests.ts';
import { buildMessages } from '../src/variant/messages.ts';

export default function render({ vars, config }: { vars: Record<string, unknown>; config?: Record<string, unknown> }) {
  return buildMessages(variantFor(config?.variant), caseFromVars(vars));
}
