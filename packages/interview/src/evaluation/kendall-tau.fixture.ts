/**
 * Kendall's tau-b between two rankings of the same items: +1 when every pair
 * is ordered alike, -1 when every pair is reversed; ties on either side are
 * neither (tau-b corrects for them, so many equal grades do not inflate it).
 */
export function kendallTauB(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new Error('rankings differ in length');
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = Math.sign((xs[i] ?? 0) - (xs[j] ?? 0));
      const dy = Math.sign((ys[i] ?? 0) - (ys[j] ?? 0));
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
  return denominator === 0 ? 0 : (concordant - discordant) / denominator;
}
