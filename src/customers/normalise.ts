/**
 * Duplicate detection keys. Two customer names are the same company when they differ only in width, case,
 * punctuation, spaces, brackets or a legal-form suffix: "上海金豆科技有限公司" = "上海 金豆科技(有限公司)".
 */
const LEGAL_SUFFIXES = [
  "股份有限公司",
  "有限责任公司",
  "有限公司",
  "集团公司",
  "集团",
  "公司",
  "co.,ltd",
  "co.ltd",
  "co ltd",
  "limited",
  "ltd",
  "inc",
  "corp",
  "corporation",
  "llc",
  "gmbh",
];

export function normaliseName(name: string): string {
  let s = name.normalize("NFKC").toLowerCase().trim();
  s = s.replace(/[\s()（）[\]【】{}<>《》"'“”‘’.,，。、·\-_/\\&+]/g, "");
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of LEGAL_SUFFIXES) {
      const compact = suffix.replace(/[\s.,]/g, "");
      if (s.length > compact.length && s.endsWith(compact)) {
        s = s.slice(0, -compact.length);
        changed = true;
      }
    }
  }
  return s;
}

/** 统一社会信用代码: 18 characters, digits and upper-case letters except I, O, Z, S, V, with a check character (GB 32100-2015). */
export function normaliseCreditCode(code: string): string {
  return code.normalize("NFKC").replace(/\s/g, "").toUpperCase();
}

const CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isValidCreditCode(code: string): boolean {
  const c = normaliseCreditCode(code);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(c)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(c[i]) * WEIGHTS[i];
  const check = (31 - (sum % 31)) % 31;
  return CHARS[check] === c[17];
}

/** Builds a valid code from its first 17 characters (for demo data and tests). */
export function withCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(first17[i]) * WEIGHTS[i];
  return first17 + CHARS[(31 - (sum % 31)) % 31];
}
