/** API tokens (接口令牌): create with a scope and expiry (shown once), list, revoke. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import type { TokenRow } from "../../api/org-types";
import { errorText } from "../../i18n/errors";
import { day } from "../../format";
import { type MessageKey, useI18n } from "../../i18n";

export default function TokensPage() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [shown, setShown] = useState<string | null>(null);
  const list = useQuery({ queryKey: ["tokens"], queryFn: () => api.get<{ items: TokenRow[] }>("/tokens").then((r) => r.items) });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post<{ token: string }>("/auth/tokens", v),
    onSuccess: (r) => {
      setShown(r.token);
      void qc.invalidateQueries({ queryKey: ["tokens"] });
    },
    onError: (e) => message.error(errorText(locale, e)),
    meta: { handled: true },
  });
  const revoke = useMutation({ mutationFn: (id: number) => api.del(`/tokens/${id}`), onSuccess: () => void qc.invalidateQueries({ queryKey: ["tokens"] }) });
  return (
    <div>
      <Typography.Title level={4}>{t("nav.tokens")}</Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout="inline" initialValues={{ scope: "read", expiresInDays: 90 }} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" rules={[{ required: true, whitespace: true }]}>
            <Input placeholder={t("token.name")} aria-label={t("token.name")} />
          </Form.Item>
          <Form.Item name="scope">
            <Select
              aria-label={t("token.scope")}
              style={{ width: 120 }}
              options={[
                { value: "read", label: t("token.read") },
                { value: "write", label: t("token.write") },
              ]}
            />
          </Form.Item>
          <Form.Item name="expiresInDays">
            <InputNumber min={1} max={3650} addonAfter={t("common.days")} aria-label={t("token.expiresIn")} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t("token.create")}
          </Button>
        </Form>
        {shown && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            title={t("token.shownOnce")}
            description={
              <Typography.Text copyable code>
                {shown}
              </Typography.Text>
            }
          />
        )}
      </Card>
      <Table<TokenRow>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t("token.name"), dataIndex: "name" },
          { title: t("token.scope"), dataIndex: "scope", render: (s: string) => t(`token.${s}` as MessageKey) },
          {
            title: t("common.status"),
            dataIndex: "status",
            render: (s: string) => <Tag color={s === "active" ? "green" : "default"}>{t(`token.status.${s}` as MessageKey)}</Tag>,
          },
          { title: t("token.created"), dataIndex: "createdAt", render: day },
          { title: t("token.lastUsed"), dataIndex: "lastUsedAt", render: day },
          { title: t("token.expires"), dataIndex: "expiresAt", render: day },
          {
            title: "",
            key: "a",
            render: (_: unknown, r) =>
              r.status === "active" && (
                <Popconfirm title={t("token.revokeConfirm")} onConfirm={() => revoke.mutate(r.id)}>
                  <Button size="small" danger>
                    {t("token.revoke")}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Space />
    </div>
  );
}
