/** The customer pool (公海): pools, their rules and caps (pool admins), customers waiting with who gave them up and why; claim and assign. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { useUsers } from "../../api/hooks";
import type { Pool, PoolCustomer, PoolRule } from "../../api/org-types";
import { errorText } from "../../i18n/errors";
import { day } from "../../format";
import { type MessageKey, useI18n } from "../../i18n";

export default function PoolsPage() {
  const { t } = useI18n();
  const pools = useQuery({ queryKey: ["pools"], queryFn: () => api.get<{ items: Pool[] }>("/pools").then((r) => r.items) });
  const [picked, setPicked] = useState<number | null>(null);
  const pool = pools.data?.find((p) => p.id === picked) ?? pools.data?.[0];
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("nav.pools")}
        </Typography.Title>
        <Select
          style={{ minWidth: 200 }}
          value={pool?.id}
          onChange={setPicked}
          aria-label={t("nav.pools")}
          options={(pools.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.customerCount})` }))}
        />
      </Space>
      {pool && <PoolSummary pool={pool} />}
      {pool && <PoolCustomers pool={pool} />}
      {pool?.canAdmin && <RulesForm pool={pool} />}
    </div>
  );
}

/** The customer levels a reclaim rule can be limited to (pool rules' `level`). */
const LEVELS = ["priority:high", "priority:medium", "priority:low", "abc:A", "abc:B", "abc:C"];

type T = (k: MessageKey, v?: Record<string, string | number>) => string;
/** A rule's level in words: "priority:high" reads 优先级 高, "abc:A" reads ABC 分类 A. */
const levelLabel = (t: T, l: string) => {
  const [kind, v] = l.split(":");
  return kind === "priority" ? `${t("cust.priority")} ${t(`prio.${v}` as MessageKey)}` : kind === "abc" ? `${t("kc.abc")} ${v}` : l;
};

function PoolSummary({ pool }: { pool: Pool }) {
  const { t } = useI18n();
  const cap = (v: number | null) => (v == null ? t("pool.noLimit") : String(v));
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap>
        <Tag color={pool.rulesEnabled ? "green" : "default"}>{pool.rulesEnabled ? t("pool.rulesOn") : t("pool.rulesOff")}</Tag>
        {pool.rules.map((r, i) => (
          <Tag key={i}>{ruleText(t, r)}</Tag>
        ))}
        <span>
          {t("pool.dailyClaimCap")}: {cap(pool.dailyClaimCap)}
        </span>
        <span>
          {t("pool.cooldownDays")}: {cap(pool.cooldownDays)}
        </span>
        <span>
          {t("pool.holdCap")}: {cap(pool.holdCap)}
        </span>
        <span>
          {t("pool.lockCap")}: {cap(pool.lockCap)}
        </span>
      </Space>
    </Card>
  );
}

const ruleText = (t: T, r: PoolRule) =>
  `${r.level ? levelLabel(t, r.level) + " · " : ""}${t(`pool.rule.${r.kind}` as MessageKey)} ${r.days}${t("common.days")}${r.warnDays ? ` (${t("pool.warnDays")} ${r.warnDays})` : ""}`;

function PoolCustomers({ pool }: { pool: Pool }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const users = useUsers();
  const [error, setError] = useState<string | null>(null);
  const [assignTo, setAssignTo] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ["pool-customers", pool.id],
    queryFn: () => api.get<{ items: PoolCustomer[] }>(`/pools/${pool.id}/customers`, { limit: 200 }).then((r) => r.items),
  });
  const done = () => {
    setError(null);
    void qc.invalidateQueries({ queryKey: ["pool-customers"] });
    void qc.invalidateQueries({ queryKey: ["pools"] });
  };
  const claim = useMutation({
    mutationFn: (id: number) => api.post(`/customers/${id}/claim`),
    onSuccess: () => {
      message.success(t("pool.claimed"));
      done();
    },
    onError: (e) => setError(errorText(locale, e)),
    meta: { handled: true },
  });
  const assign = useMutation({
    mutationFn: (id: number) => api.post(`/customers/${id}/assign`, { userId: assignTo }),
    onSuccess: () => {
      message.success(t("pool.assigned"));
      done();
    },
    onError: (e) => setError(errorText(locale, e)),
    meta: { handled: true },
  });
  return (
    <Card
      size="small"
      title={t("pool.customers")}
      style={{ marginBottom: 12 }}
      extra={
        pool.canAdmin && (
          <Select
            allowClear
            placeholder={t("pool.assignTo")}
            style={{ width: 180 }}
            value={assignTo}
            onChange={setAssignTo}
            aria-label={t("pool.assignTo")}
            options={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
          />
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="pool-error" closable onClose={() => setError(null)} />}
      <Table<PoolCustomer>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        scroll={{ x: 800 }}
        columns={[
          { title: t("common.name"), dataIndex: "name", render: (v: string, r) => <Link to={`/customers/${r.id}`}>{v}</Link> },
          { title: t("cust.industry"), dataIndex: "industry", width: 100 },
          { title: t("pool.previousOwner"), dataIndex: "previousOwnerName", width: 100 },
          {
            title: t("pool.how"),
            dataIndex: "how",
            width: 90,
            render: (v: string | null) => (v ? <Tag color={v === "reclaim" ? "orange" : "blue"}>{t(`pool.how.${v}` as MessageKey)}</Tag> : "—"),
          },
          { title: t("common.reason"), dataIndex: "reason", ellipsis: true },
          { title: t("pool.pooledAt"), dataIndex: "pooledAt", width: 110, render: day },
          {
            title: "",
            key: "a",
            width: 170,
            render: (_: unknown, r) => (
              <Space>
                <Button
                  size="small"
                  type="primary"
                  onClick={() => claim.mutate(r.id)}
                  loading={claim.isPending && claim.variables === r.id}
                  data-testid={`claim-${r.id}`}
                >
                  {t("pool.claim")}
                </Button>
                {pool.canAdmin && (
                  <Button size="small" disabled={!assignTo} onClick={() => assign.mutate(r.id)}>
                    {t("pool.assign")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function RulesForm({ pool }: { pool: Pool }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.put(`/pools/${pool.id}/rules`, { ...v, version: pool.version }),
    onSuccess: () => {
      message.success(t("common.saved"));
      void qc.invalidateQueries({ queryKey: ["pools"] });
    },
    onError: (e) => message.error(errorText(locale, e)),
    meta: { handled: true },
  });
  const kinds = ["no_follow_up", "no_deal", "not_won"] as const;
  return (
    <Card size="small" title={t("pool.rulesForm")}>
      <Form
        form={form}
        layout="vertical"
        key={pool.version}
        initialValues={{ ...pool, rules: pool.rules }}
        onFinish={(v) => save.mutate({ ...v, rules: (v.rules ?? []).map((r: PoolRule) => ({ ...r, level: r.level || null })) })}
      >
        <Space wrap>
          <Form.Item name="rulesEnabled" label={t("pool.rulesOn")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="dailyClaimCap" label={t("pool.dailyClaimCap")}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="cooldownDays" label={t("pool.cooldownDays")}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="holdCap" label={t("pool.holdCap")}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="holdCountsWon" label={t("pool.holdCountsWon")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="lockCap" label={t("pool.lockCap")}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="exemptWon" label={t("pool.exemptWon")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="exemptOpenDeals" label={t("pool.exemptOpenDeals")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="maskContacts" label={t("pool.maskContacts")} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline">
                  <Form.Item name={[f.name, "kind"]} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 160 }}
                      aria-label={t("pool.ruleKind")}
                      options={kinds.map((k) => ({ value: k, label: t(`pool.rule.${k}` as MessageKey) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, "level"]}>
                    <Select
                      allowClear
                      placeholder={t("pool.level")}
                      aria-label={t("pool.level")}
                      style={{ width: 150 }}
                      options={LEVELS.map((l) => ({ value: l, label: levelLabel(t, l) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, "days"]} rules={[{ required: true }]}>
                    <InputNumber min={1} addonAfter={t("common.days")} aria-label={t("pool.ruleDays")} />
                  </Form.Item>
                  <Form.Item name={[f.name, "warnDays"]}>
                    <InputNumber min={0} addonBefore={t("pool.warnDays")} aria-label={t("pool.warnDays")} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t("common.delete")}</Button>
                </Space>
              ))}
              <Button onClick={() => add({ kind: "no_follow_up", days: 30, warnDays: 3 })}>{t("pool.addRule")}</Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 12 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t("common.save")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
