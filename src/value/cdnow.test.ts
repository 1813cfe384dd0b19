/**
 * The CDNOW sample (2,357 customers, 39-week calibration to 1997-09-30) must reproduce the published BG/NBD and
 * Gamma-Gamma estimates: Fader, Hardie & Lee (2005), and the `lifetimes` library's documented fit.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { bgnbdLogLikelihood, bgnbdLogLikelihood1, expectedPurchases, fitBgNbd, probabilityAlive, type Recency } from "./bgnbd";
import { expectedSpend, fitGammaGamma } from "./gamma-gamma";
import { dayNumber, groupRecency, histories } from "./histories";

const DIR = fileURLToPath(new URL("../../test/fixtures/cdnow", import.meta.url));
const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function summaryCsv() {
  const [, ...lines] = readFileSync(`${DIR}/cdnow_customers_summary_with_transactions.csv`, "utf8").trim().split(/\r?\n/);
  return lines.map((l) => {
    const [id, x, tx, T, zbar] = l.split(",").map(Number);
    return { id, x, tx, T, zbar };
  });
}

function rawPurchases() {
  return readFileSync(`${DIR}/CDNOW_sample.txt`, "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) => {
      const [, sampleId, date, , dollars] = l.trim().split(/\s+/);
      return { customerId: Number(sampleId), day: dayNumber(date), amount: Number(dollars) };
    });
}

describe("BG/NBD on the CDNOW summary", () => {
  const rows = summaryCsv();
  const fit = fitBgNbd(rows);

  test("2,357 customers", () => expect(fit.customers).toBe(2357));

  test("reproduces r = 0.243, α = 4.414, a = 0.793, b = 2.426 and LL = −9582.4", () => {
    expect(fit.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.24259, 4);
    expect(fit.params.alpha).toBeCloseTo(4.41353, 4);
    expect(fit.params.a).toBeCloseTo(0.79289, 4);
    expect(fit.params.b).toBeCloseTo(2.42575, 4);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 1);
  });

  test("the grouped log-likelihood equals the sum of the per-customer ones", () => {
    const one = rows.reduce((s, d) => s + bgnbdLogLikelihood1(PUBLISHED, d), 0);
    expect(bgnbdLogLikelihood(PUBLISHED, rows)).toBeCloseTo(one, 8);
  });

  test("the published parameters give the published log-likelihood", () => {
    expect(bgnbdLogLikelihood(PUBLISHED, rows)).toBeCloseTo(-9582.4, 0);
  });

  test("E[X(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226 at the published parameters", () => {
    expect(expectedPurchases(PUBLISHED, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
  });

  test("P(alive) of that customer, checked by hand", () => {
    // 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) = 1 / (1 + 0.793/3.426 · (43.274/34.844)^2.243)
    // 43.274/34.844 = 1.24194; ln = 0.216677; × 2.243 = 0.486007; exp = 1.62581; × 0.231465 = 0.376322 → 0.72657
    expect(probabilityAlive(PUBLISHED, { x: 2, tx: 30.43, T: 38.86 })).toBeCloseTo(0.72657, 4);
  });
});

describe("Gamma-Gamma on the 946 repeat customers", () => {
  const spend = summaryCsv()
    .filter((r) => r.x > 0)
    .map((r) => ({ x: r.x, m: r.zbar }));
  const fit = fitGammaGamma(spend);

  test("946 customers; p ≈ 6.25, q ≈ 3.74, γ ≈ 15.45", () => {
    expect(fit.customers).toBe(946);
    expect(fit.params.p).toBeCloseTo(6.2488, 4);
    expect(fit.params.q).toBeCloseTo(3.74459, 4);
    expect(fit.params.gamma).toBeCloseTo(15.44775, 4);
  });

  test("a customer's expected spend lies between their own mean and the population mean", () => {
    const { p, q, gamma } = fit.params;
    const population = (p * gamma) / (q - 1);
    const e = expectedSpend(fit.params, { x: 2, m: 22.35 });
    expect(e).toBeGreaterThan(Math.min(22.35, population));
    expect(e).toBeLessThan(Math.max(22.35, population));
  });
});

describe("from the raw CDNOW purchases, calibration end 1997-09-30, same-day orders merged", () => {
  const hs = histories(rawPurchases(), dayNumber("1997-09-30"));

  test("the histories match the published summary to its two decimals", () => {
    const csv = summaryCsv();
    expect(hs.length).toBe(csv.length);
    for (let i = 0; i < csv.length; i++) {
      expect(hs[i].x).toBe(csv[i].x);
      expect(Math.abs(hs[i].tx - csv[i].tx)).toBeLessThan(0.006);
      expect(Math.abs(hs[i].T - csv[i].T)).toBeLessThan(0.006);
      expect(Math.abs(hs[i].m - csv[i].zbar)).toBeLessThan(0.006);
    }
  });

  test("and give the same fits", () => {
    const bg = fitBgNbd(hs as Recency[]);
    expect(bg.params.r).toBeCloseTo(0.243, 3);
    expect(bg.params.alpha).toBeCloseTo(4.414, 2);
    expect(bg.params.a).toBeCloseTo(0.793, 3);
    expect(bg.params.b).toBeCloseTo(2.426, 2);
    expect(bg.logLikelihood).toBeCloseTo(-9582.4, 0);
    const gg = fitGammaGamma(hs.filter((h) => h.x > 0).map((h) => ({ x: h.x, m: h.m })));
    expect(gg.params.p).toBeCloseTo(6.25, 1);
    expect(gg.params.q).toBeCloseTo(3.74, 1);
    expect(gg.params.gamma).toBeCloseTo(15.45, 0);
  });
});

test("grouping identical histories leaves the likelihood unchanged", () => {
  const rows = summaryCsv();
  const grouped = groupRecency(rows);
  expect(grouped.length).toBeLessThan(rows.length); // the 1,411 one-time buyers share few distinct T
  expect(bgnbdLogLikelihood(PUBLISHED, grouped)).toBeCloseTo(bgnbdLogLikelihood(PUBLISHED, rows), 6);
});
