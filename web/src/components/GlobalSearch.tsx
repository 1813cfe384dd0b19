/**
 * The header's global search: a button (and Ctrl+K / ⌘K) opens a dialog whose results are grouped by kind; Enter or a
 * click opens one. Enter pressed before the results for what was typed are in (the 200 ms debounce, the request) is
 * kept and opens the highlighted result when they arrive; the last option, 查看全部结果, opens the customer list
 * filtered by the words. The input is a combobox whose aria-activedescendant names the highlighted option; Enter
 * that confirms an IME composition (pinyin) does nothing.
 */
import { SearchOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Empty, Input, type InputRef, Modal, Spin, Typography } from "antd";
import { type KeyboardEvent as ReactKeyboardEvent, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../api/client";
import { type MessageKey, useI18n } from "../i18n";

export type SearchKind = "customer" | "contact" | "opportunity" | "activity" | "quote";
export interface SearchItem {
  kind: SearchKind;
  id: number;
  title: string;
  subtitle: string | null;
  url: string;
}
const KINDS: SearchKind[] = ["customer", "contact", "opportunity", "activity", "quote"];

/** Ctrl+K on Windows/Linux, ⌘K on a Mac. */
const isShortcut = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k";

function useDebounced(value: string, ms: number) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function GlobalSearch({ compact }: { compact?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  // Enter pressed while the results for the typed words were not in yet
  const [pendingEnter, setPendingEnter] = useState(false);
  const input = useRef<InputRef>(null);
  const typed = text.trim();
  const q = useDebounced(typed, 200);
  const listId = useId();
  const optionId = (i: number) => `${listId}-opt-${i}`;
  // a layout effect: the shortcut works from the moment the header is on screen (a passive effect runs after the
  // browser has painted, so a Ctrl+K pressed right as the page appeared could be lost)
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isShortcut(e)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const r = useQuery({
    queryKey: ["search", q],
    queryFn: () => api.get<{ items: SearchItem[] }>("/search", { q }),
    enabled: open && q.length > 0,
    meta: { silent: true },
    staleTime: 10_000,
  });
  const items = useMemo(() => (q ? (r.data?.items ?? []) : []), [q, r.data]);
  // the options: the results, then 查看全部结果 (index items.length) once there are words
  const optionCount = q ? items.length + 1 : 0;
  const highlighted = optionCount ? Math.min(active, optionCount - 1) : -1;
  // a new query starts at its first result; arrows pressed before its results came stay within what is there
  useEffect(() => setActive(0), [q]);
  const ready = q === typed && !!q && r.isSuccess && !r.isFetching;
  const close = () => {
    setOpen(false);
    setText("");
    setPendingEnter(false);
  };
  const openOption = (index: number) => {
    if (index < 0) return;
    const item = items[index];
    close();
    navigate(item ? item.url : `/customers?q=${encodeURIComponent(q)}`);
  };
  useEffect(() => {
    if (pendingEnter && ready) {
      setPendingEnter(false);
      openOption(highlighted);
    }
  });
  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(a + 1, optionCount - 1)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(Math.min(a, optionCount - 1) - 1, 0));
    } else if (e.key === "Enter") {
      // the Enter that confirms a pinyin (IME) composition chooses characters, not a result
      if (e.nativeEvent.isComposing || e.keyCode === 229) return;
      e.preventDefault();
      if (!typed) return;
      if (ready) openOption(highlighted);
      else setPendingEnter(true);
    }
  };
  const mac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <>
      <Button
        icon={<SearchOutlined />}
        onClick={() => setOpen(true)}
        data-testid="search-open"
        aria-label={compact ? t("search.open") : undefined}
        aria-keyshortcuts="Control+K Meta+K"
      >
        {compact ? null : (
          <span>
            {t("search.button")}{" "}
            <span translate="no">
              <Typography.Text type="secondary" keyboard>
                {mac ? "⌘K" : "Ctrl K"}
              </Typography.Text>
            </span>
          </span>
        )}
      </Button>
      <Modal
        open={open}
        onCancel={close}
        footer={null}
        title={t("search.title")}
        destroyOnHidden
        width={560}
        style={{ top: 60 }}
        // the dialog takes focus itself when it opens (after autoFocus ran): hand it to the input, so Ctrl+K then typing searches
        afterOpenChange={(o) => o && input.current?.focus()}
      >
        <Input
          ref={input}
          autoFocus
          allowClear
          size="large"
          prefix={<SearchOutlined />}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPendingEnter(false);
          }}
          onKeyDown={onKeyDown}
          placeholder={t("search.placeholder")}
          aria-label={t("search.title")}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={optionCount > 0}
          aria-controls={listId}
          aria-activedescendant={highlighted >= 0 && ready ? optionId(highlighted) : undefined}
          data-testid="search-input"
          maxLength={100}
        />
        <div
          style={{ maxHeight: "60vh", overflow: "auto", marginTop: 12 }}
          data-testid="search-results"
          id={listId}
          role="listbox"
          aria-label={t("search.results")}
        >
          {!q ? (
            <Typography.Text type="secondary">{t("search.hint")}</Typography.Text>
          ) : r.isFetching && !r.data ? (
            <div style={{ textAlign: "center", padding: 16 }}>
              <Spin />
            </div>
          ) : (
            <>
              {!items.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("search.none")} />}
              {KINDS.filter((k) => items.some((i) => i.kind === k)).map((k) => (
                <div key={k} data-testid={`search-group-${k}`}>
                  <Typography.Text type="secondary" strong style={{ display: "block", margin: "8px 0 4px" }}>
                    {t(`search.kind.${k}` as MessageKey)}
                  </Typography.Text>
                  {items
                    .filter((i) => i.kind === k)
                    .map((i) => {
                      const index = items.indexOf(i);
                      return (
                        <div
                          key={`${i.kind}:${i.id}`}
                          id={optionId(index)}
                          role="option"
                          aria-selected={index === highlighted}
                          tabIndex={-1}
                          data-testid="search-item"
                          onMouseEnter={() => setActive(index)}
                          onClick={() => openOption(index)}
                          style={optionStyle(index === highlighted)}
                        >
                          <div style={{ overflowWrap: "anywhere" }}>{i.title}</div>
                          {i.subtitle ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: "anywhere" }}>
                              {i.subtitle}
                            </Typography.Text>
                          ) : null}
                        </div>
                      );
                    })}
                </div>
              ))}
              <div
                id={optionId(items.length)}
                role="option"
                aria-selected={items.length === highlighted}
                tabIndex={-1}
                data-testid="search-all"
                onMouseEnter={() => setActive(items.length)}
                onClick={() => openOption(items.length)}
                style={{ ...optionStyle(items.length === highlighted), marginTop: 8 }}
              >
                <SearchOutlined aria-hidden style={{ marginRight: 6 }} />
                {t("search.seeAll", { q })}
              </div>
            </>
          )}
        </div>
      </Modal>
    </>
  );
}

const optionStyle = (on: boolean) => ({ padding: "6px 10px", borderRadius: 6, cursor: "pointer", background: on ? "#fff4e0" : undefined });
