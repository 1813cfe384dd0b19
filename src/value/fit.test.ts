/** The compiled likelihoods and their gradients against the plain ones, and the BFGS fits against Nelder–Mead, on CDNOW. */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { bgnbdLogLikelihood, type BgNbdParams, fitBgNbd } from "./bgnbd";
import { bgnbdValueAndGradient, compileRecency } from "./bgnbd-objective";
import { compileSpend, fitGammaGamma, gammaGammaLogLikelihood, gammaGammaValueAndGradient, type GammaGammaParams } from "./gamma-gamma";
import { groupRecency } from "./histories";
import { minimize } from "./nelder-mead";

const [, ...lines] = readFileSync(new URL("../../test/fixtures/cdnow/cdnow_customers_summary_with_transactions.csv", import.meta.url), "utf8")
  .trim()
  .split(/\r?\n/);
const rows = lines.map((l) => {
  const [, x, tx, T, m] = l.split(",").map(Number);
  return { x, tx, T, m };
});
const spend = rows.filter((r) => r.x > 0);
const BG: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.45 };

/** Central difference of f in the log of each parameter, to compare with θ · ∂f/∂θ. */
function logDerivatives<P extends object>(f: (p: P) => number, p: P, h = 1e-5): number[] {
  return Object.entries(p).map(([k, v]: [string, number]) => (f({ ...p, [k]: v * Math.exp(h) }) - f({ ...p, [k]: v * Math.exp(-h) })) / (2 * h));
}

describe("BG/NBD objective", () => {
  const c = compileRecency(rows);

  test("customers without repeats are merged by T; values match the plain likelihood, grouped or not", () => {
    expect(c.customers).toBe(2357);
    expect(c.hn.length).toBe(946);
    expect(bgnbdValueAndGradient(c, BG)).toBeCloseTo(bgnbdLogLikelihood(BG, rows), 8);
    expect(bgnbdValueAndGradient(compileRecency(groupRecency(rows)), BG)).toBeCloseTo(bgnbdLogLikelihood(BG, rows), 8);
  });

  test("the analytic gradient matches finite differences", () => {
    for (const p of [BG, { r: 2, alpha: 0.5, a: 3, b: 0.7 }]) {
      const g = new Float64Array(4);
      bgnbdValueAndGradient(c, p, g);
      const fd = logDerivatives((q: BgNbdParams) => bgnbdLogLikelihood(q, rows), p);
      [p.r, p.alpha, p.a, p.b].forEach((v, i) => expect(v * g[i]).toBeCloseTo(fd[i], 4));
    }
  });

  test("BFGS agrees with Nelder–Mead on the plain likelihood", () => {
    const bfgs = fitBgNbd(rows);
    const nm = minimize((v) => -bgnbdLogLikelihood({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) }, rows), [0, 0, 0, 0]);
    expect(bfgs.converged).toBe(true);
    expect(bfgs.iterations).toBeLessThan(100);
    [bfgs.params.r, bfgs.params.alpha, bfgs.params.a, bfgs.params.b].forEach((v, i) => expect(Math.log(v)).toBeCloseTo(nm.x[i], 5));
    expect(bfgs.logLikelihood).toBeCloseTo(-nm.f, 6);
  });
});

describe("Gamma-Gamma objective", () => {
  const c = compileSpend(spend);

  test("values match the plain likelihood", () => {
    expect(gammaGammaValueAndGradient(c, GG)).toBeCloseTo(gammaGammaLogLikelihood(GG, spend), 8);
  });

  test("the analytic gradient matches finite differences", () => {
    for (const p of [GG, { p: 0.5, q: 1.5, gamma: 300 }]) {
      const g = new Float64Array(3);
      gammaGammaValueAndGradient(c, p, g);
      const fd = logDerivatives((q: GammaGammaParams) => gammaGammaLogLikelihood(q, spend), p);
      [p.p, p.q, p.gamma].forEach((v, i) => expect(v * g[i]).toBeCloseTo(fd[i], 4));
    }
  });

  test("BFGS agrees with Nelder–Mead on the plain likelihood, from either start", () => {
    const nm = minimize((v) => -gammaGammaLogLikelihood({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) }, spend), [0, 0, 0]);
    for (const fit of [fitGammaGamma(spend), fitGammaGamma(spend, { p: 1, q: 1, gamma: 1 })]) {
      expect(fit.converged).toBe(true);
      [fit.params.p, fit.params.q, fit.params.gamma].forEach((v, i) => expect(Math.log(v)).toBeCloseTo(nm.x[i], 5));
      expect(fit.logLikelihood).toBeCloseTo(-nm.f, 6);
    }
  });
});
