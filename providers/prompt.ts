// A promptfoo prompt function: renders a prompt variant (`config.variant`) into chat messages.
export { renderPrompt as default } from '../src/plugin/prompt.ts';
