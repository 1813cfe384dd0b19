/**
 * The pinyin a search matches Chinese text by: the initials and the full spelling, lower case, without tones or
 * spaces — "金豆科技" → "jdkj jindoukeji", so "jdkj" or "jindou" finds it. Letters and digits are kept as they are
 * ("A3 金豆" → "a3jd a3jindou"); other characters are dropped. Empty text gives "".
 */
import { pinyin } from "pinyin-pro";

const keep = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Texts seen lately and their keys: names and subjects repeat (a demo, an import of visits), the segmentation is the cost. */
const memo = new Map<string, string>();
const MEMO_MAX = 20_000;

export function pinyinKeys(...texts: Array<string | null | undefined>): string {
  const text = texts
    .filter((t): t is string => !!t && !!t.trim())
    .join(" ")
    .normalize("NFKC");
  if (!text) return "";
  const hit = memo.get(text);
  if (hit !== undefined) return hit;
  // one segmentation; the initials are each syllable's first letter (pinyin-pro's "first" pattern gives the same)
  const syllables = pinyin(text, { toneType: "none", type: "array" });
  const initials = keep(syllables.map((s) => s.slice(0, 1)).join(""));
  const full = keep(syllables.join(""));
  const keys = initials === full ? full : `${initials} ${full}`;
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(text, keys);
  return keys;
}
