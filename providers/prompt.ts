// A promptfoo prompt function: renders a prompt variant (`config.variant`) into chat messages.
import { buildMessages } from '../src/variant/messages.ts';
import { variantFor } from '../src/promptfoo/provider.ts';

export default function render({ vars, config }: { vars: Record<string, unknown>; config?: Record<string, unknown> }) {
  const doc = vars.document;
  return buildMessages(variantFor(config?.variant), {
    query: String(vars.query ?? ''),
    ...(doc !== undefined && doc !== null && { document: String(doc) }),
  });
}
