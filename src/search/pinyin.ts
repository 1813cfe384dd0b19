/**
 * The pinyin a search matches Chinese text by: the initials and the full spelling, lower case, without tones or
 * spaces — "金豆科技" → "jdkj jindoukeji", so "jdkj" or "jindou" finds it. Letters and digits are kept as they are
 * ("A3 金豆" → "a3jd a3jindou"); other characters are dropped. Empty text gives "".
 */
import { pinyin } from "pinyin-pro";

const keep = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

export function pinyinKeys(...texts: Array<string | null | undefined>): string {
  const text = texts.filter((t): t is string => !!t && !!t.trim()).join(" ").normalize("NFKC");
  if (!text) return "";
  const initials = keep(pinyin(text, { pattern: "first", toneType: "none", type: "array" }).join(""));
  const full = keep(pinyin(text, { toneType: "none", type: "array" }).join(""));
  return initials === full ? full : `${initials} ${full}`;
}
