/** Activities (拜访计划: planned vs actual, the person met and their title) with a form to log one. */
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Form, Input, Modal, Select, Table, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { api } from "../api/client";
import type { Activity, Contact } from "../api/types";
import { dateTime } from "../format";
import { CustomFieldsFormItems } from "./custom/CustomFieldsFormItems";
import { customPayload, type CustomValues } from "./custom/fields-api";
import { useCode, useI18n } from "../i18n";

export const ACTIVITY_KINDS = ["visit", "call", "email", "meeting", "demo", "quote", "tender"] as const;

export function ActivityList({
  items,
  customerId,
  opportunityId,
  contacts,
}: {
  items: Activity[];
  customerId: number;
  opportunityId?: number;
  contacts?: Contact[];
}) {
  const { t } = useI18n();
  const code = useCode();
  const [open, setOpen] = useState(false);
  return (
    <>
      <div style={{ textAlign: "right", marginBottom: 8 }}>
        <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t("act.new")}
        </Button>
      </div>
      {/* a fixed minimum width so a narrow panel scrolls the table instead of squeezing columns to one character */}
      <Table<Activity>
        size="small"
        rowKey="id"
        dataSource={items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 980 }}
        columns={[
          { title: t("act.kind"), dataIndex: "kind", width: 80, render: (k: string) => <Tag>{code("act", k)}</Tag> },
          { title: t("act.subject"), dataIndex: "subject", width: 180, ellipsis: true },
          { title: t("act.met"), key: "met", width: 140, render: (_: unknown, a) => [a.metPerson, a.metTitle].filter(Boolean).join(" · ") || "—" },
          { title: t("act.planned"), dataIndex: "plannedAt", width: 135, render: dateTime },
          {
            title: t("act.actual"),
            dataIndex: "doneAt",
            width: 135,
            render: (v: number | null, a) => (v ? dateTime(v) : a.plannedAt && Number(new Date(a.plannedAt)) < Date.now() ? <Tag color="orange">—</Tag> : "—"),
          },
          { title: t("act.outcome"), dataIndex: "outcome", width: 200, ellipsis: true },
          { title: t("act.nextFollowUp"), dataIndex: "nextFollowUpAt", width: 135, render: dateTime },
        ]}
      />
      {open && <NewActivity customerId={customerId} opportunityId={opportunityId} contacts={contacts} onClose={() => setOpen(false)} />}
    </>
  );
}

interface Values {
  kind: string;
  subject?: string;
  contactId?: number;
  metPerson?: string;
  metTitle?: string;
  plannedAt?: Dayjs;
  doneAt?: Dayjs;
  outcome?: string;
  nextFollowUpAt?: Dayjs;
  custom?: CustomValues;
}

/** The full form to log or plan an activity (customer page, opportunity page, a board card's menu). */
export function NewActivity({
  customerId,
  opportunityId,
  contacts,
  onClose,
}: {
  customerId: number;
  opportunityId?: number;
  contacts?: Contact[];
  onClose(): void;
}) {
  const { t } = useI18n();
  const code = useCode();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const iso = (d?: Dayjs) => (d ? d.format("YYYY-MM-DDTHH:mm:ssZ") : undefined);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.post("/activities", {
        kind: v.kind,
        customerId,
        opportunityId,
        contactId: v.contactId,
        subject: v.subject,
        metPerson: v.metPerson,
        metTitle: v.metTitle,
        plannedAt: iso(v.plannedAt),
        doneAt: iso(v.doneAt),
        outcome: v.outcome,
        nextFollowUpAt: iso(v.nextFollowUpAt),
        custom: customPayload(v.custom),
      }),
    onSuccess: () => {
      message.success(t("common.saved"));
      void qc.invalidateQueries();
      onClose();
    },
  });
  return (
    <Modal open title={t("act.new")} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: "visit" }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="kind" label={t("act.kind")} rules={[{ required: true }]}>
          <Select options={ACTIVITY_KINDS.map((k) => ({ value: k, label: code("act", k) }))} />
        </Form.Item>
        <Form.Item name="subject" label={t("act.subject")}>
          <Input />
        </Form.Item>
        {contacts && contacts.length > 0 && (
          <Form.Item name="contactId" label={t("act.met")}>
            <Select
              allowClear
              options={contacts.map((c) => ({ value: c.id, label: `${c.name}${c.title ? " · " + c.title : ""}` }))}
              onChange={(id) => {
                const c = contacts.find((x) => x.id === id);
                if (c) form.setFieldsValue({ metPerson: c.name, metTitle: c.title ?? undefined });
              }}
            />
          </Form.Item>
        )}
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item name="metPerson" label={t("act.met")} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="metTitle" label={t("contact.title")} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </div>
        <Form.Item name="plannedAt" label={t("act.planned")}>
          <DatePicker showTime style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="doneAt" label={t("act.actual")}>
          <DatePicker showTime style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="outcome" label={t("act.outcome")}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="nextFollowUpAt" label={t("act.nextFollowUp")}>
          <DatePicker showTime style={{ width: "100%" }} />
        </Form.Item>
        <CustomFieldsFormItems entity="activity" />
      </Form>
    </Modal>
  );
}
