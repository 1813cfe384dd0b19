/** A notice's sentence in the reader's language, from its kind's template and the params the server stored. */
import type { Locale } from "../api/types";
import type { MessageKey, Translate } from "../i18n";

export interface NoticeLike {
  kind: string;
  params: Record<string, unknown>;
}

/**
 * `notice.<kind>` with the params filled in; an unknown kind reads as a generic notice. A bilingual pair of params
 * (`stageZh` / `stageEn`, stored because the server does not know who will read the notice) fills the template's
 * `{stage}` in the reader's language, the other language when that one is empty.
 */
export function noticeText(t: Translate, locale: Locale, n: NoticeLike): string {
  const key = `notice.${n.kind}` as MessageKey;
  const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(n.params)) vars[k] = str(v);
  for (const k of Object.keys(n.params)) {
    const m = /^(.+)(Zh|En)$/.exec(k);
    if (!m || m[1] in n.params) continue;
    const [mine, other] = locale === "en" ? [`${m[1]}En`, `${m[1]}Zh`] : [`${m[1]}Zh`, `${m[1]}En`];
    vars[m[1]] = vars[mine] || vars[other] || "";
  }
  const s = t(key, vars);
  return s === key ? t("notice.generic") : s;
}
