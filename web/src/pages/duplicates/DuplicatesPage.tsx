/** Suspected duplicates (customers: same name once normalised, same credit code, marked at creation; contacts: same phone, e-mail or name) with a merge dialog. */
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Empty, List, Space, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { type MessageKey, useI18n } from "../../i18n";
import { MergeDialog, type MergeKind, type Rec } from "./MergeDialog";

interface Pair {
  reasons: string[];
  target: Rec;
  source: Rec;
}

function Pairs({ kind }: { kind: MergeKind }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ["duplicate-pairs", kind], queryFn: () => api.get<{ items: Pair[]; fields: string[] }>(`/${kind}/duplicate-pairs`) });
  const [open, setOpen] = useState<Pair | null>(null);
  const link = (r: Rec) => (kind === "customers" ? `/customers/${r.id}` : `/customers/${String(r.customerId)}`);
  const line = (r: Rec) =>
    [kind === "customers" ? r.creditCode : r.customerName, kind === "customers" ? r.ownerName : (r.phone ?? r.email)].filter(Boolean).join(" · ");
  return (
    <>
      <List
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: <Empty description={t("dup.none")} /> }}
        data-testid={`dup-list-${kind}`}
        renderItem={(p) => (
          <List.Item data-testid="dup-pair">
            <Card size="small" style={{ width: "100%" }}>
              <Space wrap style={{ marginBottom: 6 }}>
                {p.reasons.map((r) => (
                  <Tag key={r} color="orange">
                    {t(`dup.reason.${r}` as MessageKey)}
                  </Tag>
                ))}
              </Space>
              <div style={{ display: "flex", flexWrap: "wrap", gap: 12, justifyContent: "space-between", alignItems: "center" }}>
                <div style={{ display: "flex", flexWrap: "wrap", gap: 16, minWidth: 0 }}>
                  {[p.target, p.source].map((r) => (
                    <div key={r.id} style={{ minWidth: 0 }}>
                      <Link to={link(r)} style={{ overflowWrap: "anywhere" }}>
                        #{r.id} {String(r.name)}
                      </Link>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {line(r) || "—"}
                        </Typography.Text>
                      </div>
                    </div>
                  ))}
                </div>
                <Button type="primary" onClick={() => setOpen(p)} data-testid="dup-merge">
                  {t("dup.merge")}
                </Button>
              </div>
            </Card>
          </List.Item>
        )}
      />
      {open && q.data && <MergeDialog kind={kind} pair={open} fields={q.data.fields} onClose={() => setOpen(null)} />}
    </>
  );
}

export default function DuplicatesPage() {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Title level={4}>{t("nav.duplicates")}</Typography.Title>
      <Typography.Paragraph type="secondary">{t("dup.intro")}</Typography.Paragraph>
      <Tabs
        items={[
          { key: "customers", label: t("dup.customers"), children: <Pairs kind="customers" /> },
          { key: "contacts", label: t("dup.contacts"), children: <Pairs kind="contacts" /> },
        ]}
      />
    </div>
  );
}
