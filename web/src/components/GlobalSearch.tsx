/** The header's global search: a button (and Ctrl+K / ⌘K) opens a dialog whose results are grouped by kind; Enter or a click opens one. */
import { SearchOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Empty, Input, type InputRef, Modal, Spin, Typography } from "antd";
import { type KeyboardEvent as ReactKeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
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
  const input = useRef<InputRef>(null);
  const q = useDebounced(text.trim(), 200);
  useEffect(() => {
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
  useEffect(() => setActive(0), [items]);
  const go = (item: SearchItem | undefined) => {
    if (!item) return;
    setOpen(false);
    setText("");
    navigate(item.url);
  };
  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, items.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      go(items[active]);
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
        onCancel={() => setOpen(false)}
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
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t("search.placeholder")}
          aria-label={t("search.title")}
          data-testid="search-input"
          maxLength={100}
        />
        <div style={{ maxHeight: "60vh", overflow: "auto", marginTop: 12 }} data-testid="search-results" role="listbox" aria-label={t("search.results")}>
          {!q ? (
            <Typography.Text type="secondary">{t("search.hint")}</Typography.Text>
          ) : r.isFetching && !r.data ? (
            <div style={{ textAlign: "center", padding: 16 }}>
              <Spin />
            </div>
          ) : !items.length ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("search.none")} />
          ) : (
            KINDS.filter((k) => items.some((i) => i.kind === k)).map((k) => (
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
                        role="option"
                        aria-selected={index === active}
                        tabIndex={-1}
                        data-testid="search-item"
                        onMouseEnter={() => setActive(index)}
                        onClick={() => go(i)}
                        style={{ padding: "6px 10px", borderRadius: 6, cursor: "pointer", background: index === active ? "#fff4e0" : undefined }}
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
            ))
          )}
        </div>
      </Modal>
    </>
  );
}
