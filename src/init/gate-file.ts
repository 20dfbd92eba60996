/**
 * labelgate.gate.yaml as `init` writes it: every rule at its built-in default, commented. The
 * repository's own labelgate.gate.yaml is this text byte for byte, and it parses to exactly
 * `gateConfig()`'s defaults (tests/init/templates.test.ts), so neither can drift from src/gate/config.ts.
 */
export const GATE_FILE_TEXT = `# labelgate's merge gate: \`npx labelgate gate --candidate R [--baseline B]\` reads this file.
# Every value below is the built-in default, written out so the rules are visible in review.
# Rates are fractions (0.02 = 2 points). Rules, statistics and the reasons for each default: labelgate's docs/gate.md.
# An unknown key is an error (exit 2), so a typo cannot switch a rule off silently.

# Which variants the gate judges (default: every variant in the candidate report).
# variants: [v3]

# ── Absolute rules: on the candidate alone ──────────────────────────────────────────────────────
# Missing cases and \`error\` predictions count as wrong answers; no labeled cases at all is a fail.
minAccuracy: 0          # a floor is task-specific; 0 still fails a report with no labeled cases
maxInvalidRate: 0.05    # answers that are not a label (refusals, unparsable output)
maxErrorRate: 0         # no answer at all (transport failures, missing cases): the gate never passes on results it does not have

# Per-label floors for every label (none by default) ...
defaults: {}
#   minRecall: 0.5
#   minF1: 0.5
# ... and per-label overrides, which may also loosen or tighten the regression allowance.
labels: {}
#   other:
#     minRecall: 0.8
#     maxRecallDrop: 0.03

# ── Regression rules: against --baseline, on the paired cases (same variant name, same case id) ─
regression:
  maxAccuracyDrop: 0.02 # fail only if accuracy drops more than this AND McNemar's exact test says the drop is real
  maxRecallDrop: 0.05   # the same per label, on the cases whose gold label it is
  alpha: 0.05           # chance of blocking an unchanged change, over ALL regression rules of a run together
  accuracyShare: 0.5    # share of alpha for the accuracy rule; the per-label rules split the rest (docs/gate.md)
  power: 0.8            # power at which a rule states the smallest drop it detects (npx labelgate power plans cases)
  bootstrap:            # paired bootstrap for the 95% intervals of the drops
    resamples: 2000
    seed: 1

# A drop above the allowance that is significant for its rule alone but not after the correction for
# all rules of the run is "inconclusive". \`pass\` lets it merge with that warning visible; \`fail\` blocks
# it (then up to about alpha per rule of unchanged changes are blocked). A drop no bigger than noise
# passes, with the drop it could have detected.
inconclusive: pass

# How many of a baseline variant's cases the candidate may leave out (also on a changed dataset):
# deleting the cases a change breaks must not pass the gate.
maxRemovedCases: 0

# A variant in the baseline but not in the candidate fails the gate unless this is true.
allowRemovedVariants: false
`;
