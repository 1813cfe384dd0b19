/** Panels of the customer page: profile (editable), contacts with decision roles, tiers with history, lifetime value. */
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Statistic, Table, Tag, Timeline } from "antd";
import { useState } from "react";
import { api, ApiError } from "../../api/client";
import type { Contact, CustomerDetail } from "../../api/types";
import { day, money } from "../../format";
import { type MessageKey, useCode, useI18n } from "../../i18n";
import { CUSTOMER_FIELDS, DECISION_ROLES, PriorityTag } from "./fields";
import { CustomFieldsFormItems } from "../../components/custom/CustomFieldsFormItems";
import { useCustomColumns, useCustomItems } from "../../components/custom/CustomFieldsView";
import { customOf, customPayload } from "../../components/custom/fields-api";

export function ProfileCard({ c }: { c: CustomerDetail }) {
  const { t } = useI18n();
  const code = useCode();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const customItems = useCustomItems("customer", customOf(c));
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      api.patch(`/customers/${c.id}`, {
        version: c.version,
        ...Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === "" || x === undefined ? null : x])),
        tags: typeof v.tags === "string" ? v.tags.split(/[,，\s]+/).filter(Boolean) : c.tags,
        name: v.name,
        custom: customPayload(v.custom),
      }),
    onSuccess: () => {
      message.success(t("common.saved"));
      setEditing(false);
      void qc.invalidateQueries({ queryKey: ["customer", c.id] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === "VERSION_CONFLICT") setEditing(false);
    },
  });
  const start = () => {
    form.setFieldsValue({
      ...Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f.key, (c as unknown as Record<string, unknown>)[f.key] ?? undefined])),
      name: c.name,
      tags: c.tags.join(", "),
      custom: customOf(c),
    });
    setEditing(true);
  };
  return (
    <Card
      size="small"
      title={t("cust.profile")}
      extra={
        !editing && (
          <Button size="small" onClick={start} data-testid="customer-edit">
            {t("common.edit")}
          </Button>
        )
      }
    >
      {editing ? (
        <Form form={form} layout="vertical" size="small" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t("common.name")} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <div className="jd-grid-2" style={{ gap: 8 }}>
            {CUSTOMER_FIELDS.map((f) => (
              <Form.Item key={f.key} name={f.key} label={t(f.label)}>
                {f.input(t)}
              </Form.Item>
            ))}
            <Form.Item name="tags" label={t("cust.tags")}>
              <Input />
            </Form.Item>
            <CustomFieldsFormItems entity="customer" />
          </div>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
            <Button onClick={() => setEditing(false)}>{t("common.cancel")}</Button>
          </Space>
        </Form>
      ) : (
        <Descriptions
          size="small"
          // one column on a phone: beside a second column the 18-digit credit code was one digit per line
          column={{ xs: 1, sm: 2 }}
          items={[
            { label: t("cust.creditCode"), children: c.creditCode || "—" },
            { label: t("cust.industry"), children: c.industry || "—" },
            { label: t("cust.region"), children: c.region || "—" },
            { label: t("cust.sizeBand"), children: code("size", c.sizeBand) },
            { label: t("cust.channel"), children: code("channel", c.channel) },
            { label: t("cust.creditRating"), children: c.creditRating || "—" },
            { label: t("cust.prospectRating"), children: code("prio", c.prospectRating) },
            { label: t("cust.lifecycle"), children: code("life", c.lifecycleStage) },
            { label: t("cust.priority"), children: <PriorityTag p={c.priority} /> },
            { label: t("cust.nextFollowUp"), children: day(c.nextFollowUpDate) },
            { label: t("common.owner"), children: c.ownerName },
            { label: t("cust.tags"), children: c.tags.map((x) => <Tag key={x}>{x}</Tag>) },
            { label: t("cust.notes"), children: c.notes || "—", span: "filled" },
            ...customItems,
          ]}
        />
      )}
    </Card>
  );
}

export function ContactsCard({ c }: { c: CustomerDetail }) {
  const { t } = useI18n();
  const code = useCode();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const add = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post("/contacts", { customerId: c.id, ...v }),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ["customer", c.id] });
    },
  });
  const customColumns = useCustomColumns<Contact>("contact");
  const roleColor: Record<string, string> = {
    decision_maker: "red",
    influencer: "orange",
    technical: "blue",
    procurement: "purple",
    coach: "green",
    user: "default",
  };
  return (
    <Card
      size="small"
      title={t("cust.contacts")}
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t("common.add")}
        </Button>
      }
    >
      <Table<Contact>
        scroll={{ x: "max-content" }}
        size="small"
        rowKey="id"
        dataSource={c.contacts}
        pagination={false}
        columns={[
          { title: t("common.name"), dataIndex: "name" },
          { title: t("contact.title"), dataIndex: "title" },
          { title: t("contact.role"), dataIndex: "decisionRole", render: (r: string) => (r ? <Tag color={roleColor[r]}>{code("role", r)}</Tag> : "—") },
          { title: t("contact.phone"), dataIndex: "phone" },
          { title: t("contact.email"), dataIndex: "email", ellipsis: true },
          ...customColumns,
        ]}
      />
      <Modal open={open} title={t("cust.contacts")} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={add.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
          <Form.Item name="name" label={t("common.name")} rules={[{ required: true, whitespace: true }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item name="title" label={t("contact.title")}>
            <Input />
          </Form.Item>
          <Form.Item name="decisionRole" label={t("contact.role")}>
            <Select allowClear options={DECISION_ROLES.map((r) => ({ value: r, label: code("role", r) }))} />
          </Form.Item>
          <Form.Item name="phone" label={t("contact.phone")}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t("contact.email")}>
            <Input />
          </Form.Item>
          <CustomFieldsFormItems entity="contact" />
        </Form>
      </Modal>
    </Card>
  );
}

interface TierInfo {
  customerId: number;
  priority: string | null;
  revisitDays: number | null;
  current: Record<string, { tier: string; score: number | null; computedAt: number } | string>;
  history: Array<{ scheme: string; tier: string; score: number | null; computedAt: number; previous?: string | null }>;
}
const SCHEME_COLORS: Record<string, string> = { abc: "gold", pyramid: "purple", grade: "blue", rfm: "cyan", kaism: "magenta", priority: "red" };

export function TiersCard({ c }: { c: CustomerDetail }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ["customer", c.id, "tiers"], queryFn: () => api.get<TierInfo>(`/customers/${c.id}/tiers`), meta: { silent: true } });
  const current = Object.entries(q.data?.current ?? {}).map(([scheme, v]) => ({ scheme, tier: typeof v === "string" ? v : v.tier }));
  // fall back to the latest rows the customer record carries
  if (!current.length) for (const r of c.tiers) if (!current.some((x) => x.scheme === r.scheme)) current.push({ scheme: r.scheme, tier: r.tier });
  const history = q.data?.history ?? c.tiers;
  return (
    <Card size="small" title={t("cust.tiers")} data-testid="customer-tiers">
      <Space wrap style={{ marginBottom: 8 }}>
        {current.map((x) => (
          <Tag key={x.scheme} color={SCHEME_COLORS[x.scheme] ?? "default"}>
            {x.scheme.toUpperCase()}: {x.tier}
          </Tag>
        ))}
        {c.priority && (
          <span>
            {t("cust.priority")} <PriorityTag p={c.priority} />
          </span>
        )}
        {q.data?.revisitDays ? (
          <Tag>
            ↻ {q.data.revisitDays} {t("common.days")}
          </Tag>
        ) : null}
      </Space>
      {history.length > 0 && (
        <>
          <div className="jd-muted" style={{ marginBottom: 6 }}>
            {t("cust.tierHistory")}
          </div>
          <Timeline
            items={history.slice(0, 12).map((h) => ({
              color: SCHEME_COLORS[h.scheme] ?? "gray",
              content: (
                <span>
                  {day(h.computedAt)} · {h.scheme.toUpperCase()} {"previous" in h && h.previous ? `${h.previous} → ` : ""}
                  <strong>{h.tier}</strong>
                </span>
              ),
            }))}
          />
        </>
      )}
      {!current.length && !history.length && <span className="jd-muted">—</span>}
    </Card>
  );
}

interface CustomerClv {
  simple: { averageOrderValue: number; purchasesPerYear: number; revenueClv: number | null };
  predictive: { customer: { clvFen: number; pAlive: number } | null; horizonMonths: number; gammaYuan: number | null } | null;
}

/** Lifetime-value horizons offered beside the setting: days, weeks and months (the API reads "90d", "26w", "12m"). */
const HORIZONS = ["30d", "90d", "13w", "26w", "52w", "6m", "12m", "24m", "36m"];

/** This customer's simple CLV (its own order value and frequency × the company's expected lifespan) and its BG/NBD value, from the server. */
export function ClvCard({ c }: { c: CustomerDetail }) {
  const { t, locale } = useI18n();
  const [horizon, setHorizon] = useState<string>("");
  const q = useQuery({
    queryKey: ["clv", c.id, horizon],
    queryFn: () => api.get<CustomerClv>(`/customers/${c.id}/clv`, horizon ? { horizon } : undefined),
    meta: { silent: true },
    staleTime: 600_000,
  });
  const s = q.data?.simple;
  const pred = q.data?.predictive?.customer;
  const gamma = q.data?.predictive?.gammaYuan;
  const horizonLabel = (h: string) => t(`cust.clvHorizon.${h.slice(-1)}` as MessageKey, { n: h.slice(0, -1) });
  return (
    <Card
      size="small"
      title={t("cust.clv")}
      loading={q.isLoading}
      extra={
        <Select
          size="small"
          value={horizon}
          onChange={setHorizon}
          style={{ width: 120 }}
          aria-label={t("cust.clvHorizon")}
          data-testid="clv-horizon"
          options={[{ value: "", label: t("cust.clvHorizonDefault") }, ...HORIZONS.map((h) => ({ value: h, label: horizonLabel(h) }))]}
        />
      }
    >
      <Space size="large" wrap>
        <Statistic title={t("cust.aov")} value={money(s?.averageOrderValue ?? 0, locale)} />
        <Statistic title={t("cust.ordersPerYear")} value={(s?.purchasesPerYear ?? 0).toFixed(1)} />
        <Statistic title={`${t("cust.clv")}(${t("cust.clvSimple")})`} value={s?.revenueClv == null ? "—" : money(s.revenueClv, locale)} />
        {pred && (
          <Statistic
            title={`${t("cust.clv")}(${t("cust.clvPredictive")})`}
            value={money(pred.clvFen, locale)}
            suffix={
              <span className="jd-muted" style={{ fontSize: 12 }}>
                {t("cust.pAlive")} {(pred.pAlive * 100).toFixed(0)}%
              </span>
            }
          />
        )}
      </Space>
      {q.data?.predictive && (
        <div className="jd-muted" style={{ fontSize: 12, marginTop: 4 }} data-testid="clv-model">
          {t("cust.clvModelLine", { months: q.data.predictive.horizonMonths.toFixed(1), gamma: gamma == null ? "—" : money(Math.round(gamma * 100), locale) })}
        </div>
      )}
    </Card>
  );
}

export const lifeKey = (s: string) => `life.${s}` as MessageKey;
