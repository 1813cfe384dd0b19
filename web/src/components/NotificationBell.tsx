/** The bell in the header: unread count, the latest notices in a popover (each in the user's language), mark read. */
import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Empty, List, Popover, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../api/client";
import { dateTime } from "../format";
import { useI18n } from "../i18n";
import { noticeText } from "./notice-text";

export interface Notice {
  id: number;
  kind: string;
  params: Record<string, unknown>;
  link: string | null;
  createdAt: number;
  readAt: number | null;
}
interface Page {
  items: Notice[];
  unread: number;
  nextBefore: number | null;
}

/** A notice's sentence in the user's language (notice-text.ts). */
export function useNoticeText() {
  const { t, locale } = useI18n();
  return (n: Notice) => noticeText(t, locale, n);
}

export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const text = useNoticeText();
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ["notifications"],
    queryFn: () => api.get<Page>("/notifications", { limit: 20 }),
    meta: { silent: true },
    refetchInterval: 120_000,
    staleTime: 60_000,
  });
  const read = useMutation({
    mutationFn: (body: { ids?: number[]; all?: boolean }) => api.post<{ unread: number }>("/notifications/read", body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["notifications"] }),
  });
  const unread = q.data?.unread ?? 0;
  const content = (
    <div style={{ width: "min(360px, calc(100vw - 32px))" }} data-testid="notifications">
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginBottom: 4 }}>
        <Typography.Text strong>{t("notice.title")}</Typography.Text>
        <Button size="small" type="link" disabled={!unread} onClick={() => read.mutate({ all: true })} data-testid="notifications-read-all">
          {t("notice.readAll")}
        </Button>
      </div>
      {q.data?.items.length ? (
        <List
          size="small"
          dataSource={q.data.items}
          style={{ maxHeight: 420, overflow: "auto" }}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: n.link ? "pointer" : undefined, background: n.readAt ? undefined : "#fff8ea", padding: "6px 8px" }}
              onClick={() => {
                if (!n.readAt) read.mutate({ ids: [n.id] });
                if (n.link) {
                  setOpen(false);
                  navigate(n.link);
                }
              }}
            >
              <div>
                <div>{text(n)}</div>
                <div className="jd-muted" style={{ fontSize: 12 }}>
                  {dateTime(n.createdAt)}
                </div>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("notice.none")} />
      )}
    </div>
  );
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" content={content} placement="bottomRight">
      <Button
        type="text"
        aria-label={t("notice.bell", { n: unread })}
        data-testid="notification-bell"
        icon={
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
