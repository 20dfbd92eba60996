import type { ConfusionCounts } from './confusion.ts';

/**
 * Cohen's kappa between gold and predicted, κ = (p_o − p_e) / (1 − p_e), with p_e from the two
 * marginals (scikit-learn's `cohen_kappa_score`). `invalid` and `error` are predicted categories no
 * gold case has, so they lower p_o and add nothing to p_e. Computed as
 * (n·agree − Σ row·col) / (n² − Σ row·col) in integers, so the undefined case (p_e = 1: every gold
 * and every prediction is the same single label, or no cases) is detected exactly; it is reported
 * as 0 and flagged.
 */
export function cohenKappa(counts: ConfusionCounts): { kappa: number; undefined: boolean } {
  const { labels, width, cells, labeled: n } = counts;
  let agree = 0;
  let chance = 0;
  for (let l = 0; l < labels.length; l++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < width; j++) row += cells[l * width + j]!;
    for (let g = 0; g < labels.length; g++) col += cells[g * width + l]!;
    agree += cells[l * width + l]!;
    chance += row * col;
  }
  const denominator = n * n - chance;
  if (denominator === 0) return { kappa: 0, undefined: true };
  return { kappa: (n * agree - chance) / denominator, undefined: false };
}
