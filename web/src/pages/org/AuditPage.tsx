/** The audit viewer (操作日志): entries of records the viewer may see, newest first, filtered by record kind, action or batch. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Input, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import type { AuditRow } from "../../api/org-types";
import { useI18n } from "../../i18n";

export default function AuditPage() {
  const { t } = useI18n();
  const [entity, setEntity] = useState<string | undefined>();
  const [batch, setBatch] = useState<string | undefined>();
  const q = useInfiniteQuery({
    queryKey: ["audit-log", entity, batch],
    queryFn: ({ pageParam }) => api.get<{ items: AuditRow[]; nextCursor: string | null }>("/audit-log", { entity, batch, limit: 100, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("nav.audit")}
        </Typography.Title>
        <Select
          allowClear
          placeholder={t("audit.entity")}
          style={{ width: 150 }}
          value={entity}
          onChange={setEntity}
          aria-label={t("audit.entity")}
          options={["customer", "opportunity", "contact", "activity", "quote", "contract", "user", "department", "pool"].map((e) => ({ value: e, label: e }))}
        />
        <Input.Search
          allowClear
          placeholder={t("audit.batch")}
          style={{ width: 260 }}
          onSearch={(v) => setBatch(v || undefined)}
          aria-label={t("audit.batch")}
        />
      </Space>
      <Table<AuditRow>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t("common.date"), dataIndex: "at", width: 170, render: (v: number) => new Date(v).toLocaleString() },
          { title: t("audit.actor"), dataIndex: "actorName", width: 100, render: (v: string | null) => v ?? t("audit.system") },
          { title: t("audit.entity"), key: "e", width: 150, render: (_: unknown, r) => `${r.entity} #${r.entityId}` },
          { title: t("audit.action"), dataIndex: "action", width: 100 },
          {
            title: t("audit.batch"),
            dataIndex: "batchId",
            width: 140,
            ellipsis: true,
            render: (v: string | null) => v && <a onClick={() => setBatch(v)}>{v.slice(0, 18)}…</a>,
          },
          { title: t("audit.diff"), dataIndex: "diff", render: (d: unknown) => <code style={{ fontSize: 12 }}>{JSON.stringify(d).slice(0, 200)}</code> },
        ]}
      />
      {q.hasNextPage && (
        <div style={{ textAlign: "center", marginTop: 12 }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            +100
          </Button>
        </div>
      )}
    </div>
  );
}
