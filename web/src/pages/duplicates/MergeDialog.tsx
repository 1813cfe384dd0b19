/** The merge dialog: both records side by side, which one survives, and per field a radio for whose value it keeps. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Modal, Radio, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { api } from "../../api/client";
import { errorText } from "../../i18n/errors";
import { type MessageKey, useI18n } from "../../i18n";

export type MergeKind = "customers" | "contacts";
export type Rec = { id: number; version: number } & Record<string, unknown>;

/** How a field's value reads in the dialog (the owner by name, tags joined, empty as a dash). */
function shown(rec: Rec, field: string): string {
  const v = field === "ownerId" ? (rec.ownerName ?? rec.ownerId) : field === "customerId" ? (rec.customerName ?? rec.customerId) : rec[field];
  if (v == null || v === "") return "—";
  return Array.isArray(v) ? v.join(", ") || "—" : String(v);
}
const same = (a: Rec, b: Rec, f: string) => JSON.stringify(a[f] ?? null) === JSON.stringify(b[f] ?? null);

export function MergeDialog({ kind, pair, fields, onClose }: { kind: MergeKind; pair: { source: Rec; target: Rec }; fields: string[]; onClose(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  // the survivor: the older record unless the user picks the other one
  const [survivorId, setSurvivorId] = useState(pair.target.id);
  const target = survivorId === pair.target.id ? pair.target : pair.source;
  const source = survivorId === pair.target.id ? pair.source : pair.target;
  // per field: whose value the survivor keeps; by default the survivor's, or the other's where the survivor has none
  const initial = useMemo(
    (): Record<string, "source" | "target"> =>
      Object.fromEntries(fields.map((f) => [f, (target[f] == null || target[f] === "") && source[f] != null && source[f] !== "" ? "source" : "target"])),
    [fields, source, target],
  );
  const [keep, setKeep] = useState<Record<string, "source" | "target">>(initial);
  const [lastSurvivor, setLastSurvivor] = useState(survivorId);
  if (lastSurvivor !== survivorId) {
    setLastSurvivor(survivorId);
    setKeep(initial);
  }
  const m = useMutation({
    mutationFn: () => api.post(`/${kind}/${source.id}/merge`, { intoId: target.id, version: source.version, intoVersion: target.version, keep }),
    onSuccess: () => {
      message.success(t("dup.merged"));
      void qc.invalidateQueries();
      onClose();
    },
    onError: (e) => message.error(errorText(locale, e)),
    meta: { handled: true },
  });
  const label = (f: string) => t(`dup.f.${f}` as MessageKey);
  const rows = fields.map((f) => ({ key: f, field: f }));
  return (
    <Modal
      open
      title={t(kind === "customers" ? "dup.mergeCustomers" : "dup.mergeContacts")}
      onCancel={onClose}
      onOk={() => m.mutate()}
      confirmLoading={m.isPending}
      okText={t("dup.merge")}
      width={760}
      okButtonProps={{ danger: true, ...({ "data-testid": "merge-ok" } as Record<string, string>) }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t("dup.warning", { source: shown(source, "name"), id: source.id })} />
      <div style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t("dup.survivor")}: </Typography.Text>
        <Radio.Group value={survivorId} onChange={(e) => setSurvivorId(e.target.value)} data-testid="merge-survivor">
          {[pair.target, pair.source].map((r) => (
            <Radio key={r.id} value={r.id} data-testid={`merge-survivor-${r.id}`}>
              #{r.id} {shown(r, "name")}
            </Radio>
          ))}
        </Radio.Group>
      </div>
      <div style={{ overflowX: "auto" }}>
        <Table
          size="small"
          pagination={false}
          dataSource={rows}
          rowKey="key"
          data-testid="merge-fields"
          columns={[
            { title: t("dup.field"), dataIndex: "field", width: 120, render: (f: string) => label(f) },
            ...(["target", "source"] as const).map((side) => ({
              title: side === "target" ? t("dup.keeps", { id: target.id }) : t("dup.goes", { id: source.id }),
              key: side,
              render: (_: unknown, r: { field: string }) => {
                const rec = side === "target" ? target : source;
                if (same(source, target, r.field)) return side === "target" ? <Typography.Text type="secondary">{shown(rec, r.field)}</Typography.Text> : null;
                return (
                  <Radio checked={keep[r.field] === side} onChange={() => setKeep((k) => ({ ...k, [r.field]: side }))} data-testid={`keep-${r.field}-${side}`}>
                    <span style={{ overflowWrap: "anywhere" }}>{shown(rec, r.field)}</span>
                  </Radio>
                );
              },
            })),
          ]}
        />
      </div>
    </Modal>
  );
}
