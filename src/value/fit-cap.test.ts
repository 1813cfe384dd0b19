/** The BG/NBD fit stops instead of looping: on a date where a and b run off to infinity, at its budget, with a note. */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { bgnbdLogLikelihood, bgnbdStart, fitBgNbd } from "./bgnbd";

// Team demo (seed 1) histories as of 2026-04-15, where the uncapped fit ran 40,000 iterations with a → 3e4, b → 2e7.
const fixture = JSON.parse(readFileSync(new URL("../../test/fixtures/bgnbd-diverging-2026-04-15.json", import.meta.url), "utf8")) as { histories: number[][] };
const hs = fixture.histories.map(([x, tx, T]) => ({ x, tx: tx / 7, T: T / 7 }));

describe("BG/NBD fit with a cap", () => {
  test("a and b growing without bound stops early, says so, and keeps the likelihood of the no-dropout limit", () => {
    const fit = fitBgNbd(hs);
    expect(fit.converged).toBe(false);
    expect(fit.stopped).toBe("diverging");
    expect(fit.note).toMatch(/a and b grow without bound/);
    expect(fit.evaluations).toBeLessThan(2_000);
    // Further out along the same ridge (a, b × 100, same a/(a+b)) the likelihood is no better to 0.01:
    const far = { ...fit.params, a: fit.params.a * 100, b: fit.params.b * 100 };
    expect(bgnbdLogLikelihood(far, hs) - fit.logLikelihood).toBeLessThan(0.01);
    // and the dropout chance per purchase is tiny, as the note says.
    expect(fit.params.a / (fit.params.a + fit.params.b)).toBeLessThan(0.01);
  });

  test("an evaluation budget stops the fit at the cap with the best point seen", () => {
    const fit = fitBgNbd(hs, { r: 1, alpha: 1, a: 1, b: 1 }, { maxEvaluations: 5, maxMs: 60_000 });
    expect(fit.converged).toBe(false);
    expect(fit.stopped).toBe("evaluations");
    expect(fit.evaluations).toBe(5);
    expect(fit.note).toMatch(/iteration cap/);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgnbdLogLikelihood({ r: 1, alpha: 1, a: 1, b: 1 }, hs) - 1e-9);
  });

  test("a time budget stops the fit too", () => {
    let t = 0;
    const fit = fitBgNbd(hs, undefined, { maxEvaluations: 1e9, maxMs: 100, clock: () => (t += 60) });
    expect(fit.stopped).toBe("time");
    expect(fit.note).toMatch(/time cap/);
  });

  test("the start point follows the pooled purchase rate: r/α = Σx / ΣT", () => {
    const s = bgnbdStart([
      { x: 2, tx: 5, T: 10 },
      { x: 0, tx: 0, T: 30, n: 2 },
    ]);
    expect(s.r / s.alpha).toBeCloseTo(2 / 70, 12);
  });
});
