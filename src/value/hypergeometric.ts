/** The Gaussian hypergeometric function 2F1(a, b; c; z) for real z in (−1, 1), as a summed power series. */

const MAX_TERMS = 2_000_000;

/**
 * 2F1(a, b; c; z) = Σ_k (a)_k (b)_k / ((c)_k k!) z^k. The BG/NBD needs it for 0 ≤ z < 1, where the series
 * converges. When c − a − b < 0 the terms grow before they decay, so Euler's transformation
 * 2F1(a, b; c; z) = (1 − z)^(c−a−b) 2F1(c − a, c − b; c; z) is summed instead (its terms decay polynomially).
 * Negative z uses Pfaff's transformation so the series always runs on a non-negative argument.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z > -1 && z < 1)) throw new RangeError(`hyp2f1 needs |z| < 1, got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1 is undefined for c = ${c}`);
  if (z < 0) {
    // Pfaff: 2F1(a,b;c;z) = (1−z)^(−a) 2F1(a, c−b; c; z/(z−1)); z/(z−1) ∈ (0, ½) for z ∈ (−1, 0).
    return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, z / (z - 1));
  }
  if (c - a - b < 0 && z > 0.5) return Math.pow(1 - z, c - a - b) * series(c - a, c - b, c, z);
  return series(a, b, c, z);
}

function series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < MAX_TERMS; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    if (term === 0) return sum; // a or b a non-positive integer: a polynomial
    // Stop when the next terms cannot change the sum: the tail is bounded by a geometric series once the
    // ratio of successive terms is below 1.
    const ratio = Math.abs((((a + k + 1) * (b + k + 1)) / ((c + k + 1) * (k + 2))) * z);
    if (ratio < 1 && (Math.abs(term) * ratio) / (1 - ratio) <= 1e-16 * Math.abs(sum)) return sum;
  }
  throw new Error(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
}
