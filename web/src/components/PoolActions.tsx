/** Pool and transfer controls used on customer pages and lists: the "days until pool" badge, release and transfer dialogs. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Checkbox, Form, Input, Modal, Select, Tag, Tooltip } from "antd";
import { useState } from "react";
import { api } from "../api/client";
import { useUsers } from "../api/hooks";
import type { Countdown } from "../api/org-types";
import { type MessageKey, useI18n } from "../i18n";
import { errorText } from "../i18n/errors";

export function PoolBadge({ c }: { c: Countdown | null | undefined }) {
  const { t } = useI18n();
  if (!c) return null;
  if (c.status === "exempt") return <Tag data-testid="pool-badge">{t("pool.exempt")}</Tag>;
  if (c.daysLeft == null) return null;
  const color = c.status === "due" ? "red" : c.status === "warn" ? "orange" : "default";
  return (
    <Tooltip title={`${t(`pool.rule.${c.rule}` as MessageKey)} · ${c.dueDate}`}>
      <Tag color={color} data-testid="pool-badge">
        {t("pool.daysLeft", { n: c.daysLeft })}
      </Tag>
    </Tooltip>
  );
}

export function ReleaseButton({ id, onDone }: { id: number; onDone?: () => void }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const { message } = App.useApp();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => api.post(`/customers/${id}/release`, { reason }),
    onSuccess: () => {
      message.success(t("pool.released"));
      setOpen(false);
      void qc.invalidateQueries();
      onDone?.();
    },
    onError: (e) => message.error(errorText(locale, e)),
    meta: { handled: true },
  });
  return (
    <>
      <Button danger onClick={() => setOpen(true)} data-testid="release">
        {t("pool.release")}
      </Button>
      <Modal
        open={open}
        title={t("pool.release")}
        onCancel={() => setOpen(false)}
        onOk={() => m.mutate()}
        okButtonProps={{ disabled: !reason.trim(), ...({ "data-testid": "release-ok" } as Record<string, string>) }}
        confirmLoading={m.isPending}
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t("pool.reasonPlaceholder")}
          aria-label={t("common.reason")}
          data-testid="release-reason"
          maxLength={500}
        />
      </Modal>
    </>
  );
}

export function TransferDialog({ ids, kind = "customers", onClose }: { ids: number[]; kind?: "customers" | "opportunities"; onClose(): void }) {
  const { t, locale } = useI18n();
  const users = useUsers();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const m = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post<{ customers: number; opportunities: number; activities: number }>(`/${kind}/transfer`, { ids, ...v }),
    onSuccess: (r) => {
      message.success(t("transfer.done", { customers: r.customers, opportunities: r.opportunities, activities: r.activities }));
      void qc.invalidateQueries();
      onClose();
    },
    onError: (e) => message.error(errorText(locale, e)),
    meta: { handled: true },
  });
  return (
    <Modal
      open
      title={t("transfer.title", { n: ids.length })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={m.isPending}
      okButtonProps={{ ...({ "data-testid": "transfer-ok" } as Record<string, string>) }}
    >
      <Form form={form} layout="vertical" initialValues={{ withOpportunities: true, withContacts: true, withActivities: true }} onFinish={(v) => m.mutate(v)}>
        <Form.Item name="toUserId" label={t("transfer.to")} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="transfer-to"
            options={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        {kind === "customers" && (
          <>
            <Form.Item name="withOpportunities" valuePropName="checked" noStyle>
              <Checkbox data-testid="with-deals">{t("transfer.withOpportunities")}</Checkbox>
            </Form.Item>
            <br />
            <Form.Item name="withContacts" valuePropName="checked" noStyle>
              <Checkbox>{t("transfer.withContacts")}</Checkbox>
            </Form.Item>
            <br />
          </>
        )}
        <Form.Item name="withActivities" valuePropName="checked" noStyle>
          <Checkbox>{t("transfer.withActivities")}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
