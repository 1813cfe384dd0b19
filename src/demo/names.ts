/** Builds names: companies, people, unified social credit codes, e-mail domains and phone numbers. */
import type { Rng } from "./random";
import { hash32 } from "./random";
import { BRAND_HEAD, BRAND_TAIL, type City, COMPANY_FORMS, GIVEN_NAMES, type Industry, SURNAMES } from "./words";

export interface CompanyName {
  name: string;
  short: string;
  domain: string;
}

export function companyName(rng: Rng, city: City, industry: Industry): CompanyName {
  const [h, hp] = rng.pick(BRAND_HEAD);
  let [t, tp] = rng.pick(BRAND_TAIL);
  if (t === h) [t, tp] = BRAND_TAIL[(BRAND_TAIL.findIndex((x) => x[0] === t) + 1) % BRAND_TAIL.length];
  const brand = h + t;
  const word = rng.pick(industry.words);
  const form = COMPANY_FORMS[rng.weighted(COMPANY_FORMS.map((f) => f[1]))][0];
  // One in ten registers as 字号(城市) rather than 城市字号, as many companies outside their home city do.
  const name = rng.chance(0.1) ? `${brand}(${city.name})${word}${form}` : `${city.name}${brand}${word}${form}`;
  return { name, short: `${city.name}${brand}`, domain: `${hp}${tp}${rng.int(1, 99)}.com.cn` };
}

/** A person's name, derived from a number so it can be recomputed instead of stored. */
export function personName(n: number): { name: string; pinyin: string } {
  const h = hash32(n, 77);
  const [s, p] = SURNAMES[h % SURNAMES.length];
  const g1 = GIVEN_NAMES[(h >>> 8) % GIVEN_NAMES.length];
  const given = g1.length === 1 && (h >>> 20) % 3 === 0 ? g1 + GIVEN_NAMES[(h >>> 4) % GIVEN_NAMES.length].slice(0, 1) : g1;
  return { name: s + given, pinyin: p };
}

const CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A valid 18-character unified social credit code (GB 32100-2015): 9 (工商) 1 (企业), the 6-digit admin code,
 * a 9-character organisation code with its GB 11714 check, and the final mod-31 check. `serial` below 10^8 is
 * unique per customer, so codes are unique.
 */
export function creditCode(adminCode: string, serial: number): string {
  // Scramble the serial (a bijection on 0..10^8-1) so neighbouring customers do not get neighbouring codes.
  const body = String((serial * 48_271 + 37_813_579) % 100_000_000).padStart(8, "0");
  let s = 0;
  for (let i = 0; i < 8; i++) s += Number(body[i]) * ORG_WEIGHTS[i];
  const c9 = 11 - (s % 11);
  const org = body + (c9 === 10 ? "X" : c9 === 11 ? "0" : String(c9));
  const first17 = "91" + adminCode + org;
  let t = 0;
  for (let i = 0; i < 17; i++) t += CODE_CHARS.indexOf(first17[i]) * USCC_WEIGHTS[i];
  const check = (31 - (t % 31)) % 31;
  return first17 + CODE_CHARS[check];
}

/** Validates the final check character of a unified social credit code. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let t = 0;
  for (let i = 0; i < 17; i++) t += CODE_CHARS.indexOf(code[i]) * USCC_WEIGHTS[i];
  return CODE_CHARS[(31 - (t % 31)) % 31] === code[17];
}

export function mobile(n: number): string {
  const h = hash32(n, 13);
  return `1${[3, 5, 7, 8, 9][h % 5]}${String(h % 1_000_000_000).padStart(9, "0")}`;
}
