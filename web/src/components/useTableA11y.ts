/**
 * Two accessibility gaps in Ant Design's Table markup that no prop reaches, closed for every table of the app:
 * - a table with `scroll` renders its own scroll container (.ant-table-content / .ant-table-body; on a phone the
 *   wrapper and Descriptions scroll too, styles.css) that the keyboard cannot reach when it holds nothing focusable: while it overflows it gets tabindex=0, role=region and a name
 *   (the card title it sits under, else "table"), so arrow keys scroll it;
 * - the hidden measure row (tr.ant-table-measure-row, aria-hidden) renders every column title again to measure widths,
 *   the selection column's "select all" checkbox included: focusable elements there get tabindex=-1.
 * Runs 250 ms after the DOM stops changing, and on resize.
 */
import { useEffect } from "react";
import { useI18n } from "../i18n";

const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
const MARK = "data-jd-scroll";

const SCROLLERS = ".ant-table-wrapper, .ant-table-content, .ant-table-body, .ant-descriptions-view";
const scrollable = (v: string) => v === "auto" || v === "scroll";

/** Overflows in a direction its CSS lets it scroll. */
function scrolls(el: HTMLElement): boolean {
  const css = getComputedStyle(el);
  return (el.scrollWidth > el.clientWidth + 1 && scrollable(css.overflowX)) || (el.scrollHeight > el.clientHeight + 1 && scrollable(css.overflowY));
}

function pass(tableLabel: string): void {
  for (const el of document.querySelectorAll<HTMLElement>(".ant-table-measure-row")) {
    for (const f of el.querySelectorAll<HTMLElement>(FOCUSABLE)) if (f.tabIndex !== -1) f.tabIndex = -1;
  }
  for (const el of document.querySelectorAll<HTMLElement>(SCROLLERS)) {
    const needs = scrolls(el) && ![...el.querySelectorAll<HTMLElement>(FOCUSABLE)].some((f) => f.tabIndex >= 0 && !f.closest(".ant-table-measure-row"));
    if (needs) {
      const name = el.closest(".ant-card")?.querySelector(".ant-card-head-title")?.textContent?.trim() || tableLabel;
      if (!el.hasAttribute(MARK)) {
        el.setAttribute(MARK, "");
        el.tabIndex = 0;
        el.setAttribute("role", "region");
      }
      if (el.getAttribute("aria-label") !== name) el.setAttribute("aria-label", name);
    } else if (!needs && el.hasAttribute(MARK)) {
      el.removeAttribute(MARK);
      el.removeAttribute("tabindex");
      el.removeAttribute("role");
      el.removeAttribute("aria-label");
    }
  }
}

/** Installed once, in the app shell. */
export function useTableA11y(): void {
  const { t } = useI18n();
  const label = t("common.table");
  useEffect(() => {
    // debounced: a busy page (a table filling in, a chart animating) gets one pass when it pauses, not one per frame
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => pass(label), 250);
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", schedule);
      clearTimeout(timer);
    };
  }, [label]);
}
