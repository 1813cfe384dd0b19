import { expect, test } from "vitest";
import { hyp2f1 } from "./hypergeometric";

test("2F1(1, 1; 2; z) = −ln(1 − z) / z", () => {
  for (const z of [0.01, 0.3, 0.5, 0.9, 0.99, -0.5, -0.9]) expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
});

test("2F1(a, b; b; z) = (1 − z)^(−a)", () => {
  for (const z of [0.2, 0.7, -0.4]) expect(hyp2f1(2.5, 1.7, 1.7, z)).toBeCloseTo(Math.pow(1 - z, -2.5), 11);
});

test("2F1(½, ½; 3⁄2; z²) = arcsin(z) / z and 2F1(½, 1; 3⁄2; −z²) = arctan(z) / z", () => {
  for (const x of [0.1, 0.6, 0.95]) {
    expect(hyp2f1(0.5, 0.5, 1.5, x * x)).toBeCloseTo(Math.asin(x) / x, 11);
    expect(hyp2f1(0.5, 1, 1.5, -x * x)).toBeCloseTo(Math.atan(x) / x, 12);
  }
});

test("a negative integer a gives a polynomial: 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))", () => {
  // b = 3, c = 4, z = 0.5: 1 − 2·3·0.5/4 + 3·4·0.25/(4·5) = 1 − 0.75 + 0.15 = 0.4
  expect(hyp2f1(-2, 3, 4, 0.5)).toBeCloseTo(0.4, 14);
});

test("parameters where c − a − b < 0 (BG/NBD with many repeat purchases) match the untransformed series", () => {
  // 2F1(1, 1; 1.5; z) has c − a − b = −0.5; closed form: arcsin(√z) / (√z √(1 − z)).
  for (const z of [0.3, 0.8, 0.97]) {
    const s = Math.sqrt(z);
    expect(hyp2f1(1, 1, 1.5, z)).toBeCloseTo(Math.asin(s) / (s * Math.sqrt(1 - z)), 10);
  }
});
