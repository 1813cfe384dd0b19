/** Organisation (组织架构): the department tree with managers, the members of the chosen department, and data scopes. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Tree, Typography } from "antd";
import { useMemo, useState } from "react";
import { api } from "../../api/client";
import type { DataScope, Department, Member } from "../../api/org-types";
import { useUser } from "../../auth";
import { errorText } from "../../i18n/errors";
import { type MessageKey, useI18n } from "../../i18n";

const SCOPES: DataScope[] = ["self", "self_and_subordinates", "dept", "dept_and_below", "all"];

export default function OrgPage() {
  const { t } = useI18n();
  const user = useUser();
  const admin = user.role === "admin";
  const deps = useQuery({ queryKey: ["departments"], queryFn: () => api.get<{ items: Department[] }>("/departments").then((r) => r.items) });
  const [dept, setDept] = useState<number | undefined>();
  const members = useQuery({
    queryKey: ["members", dept],
    queryFn: () => api.get<{ items: Member[] }>("/departments/members", { department: dept }).then((r) => r.items),
  });
  const tree = useMemo(() => {
    const list = deps.data ?? [];
    const node = (d: Department): { key: number; title: string; children: unknown[] } => ({
      key: d.id,
      title: `${d.name}${d.managers.length ? ` · ${d.managers.map((m) => m.name).join("、")}` : ""} (${d.memberCount})`,
      children: list.filter((c) => c.parentId === d.id).map(node),
    });
    return list.filter((d) => d.parentId == null).map(node);
  }, [deps.data]);
  const [adding, setAdding] = useState(false);
  return (
    <div>
      <Typography.Title level={4}>{t("nav.organisation")}</Typography.Title>
      <div className="jd-grid-side">
        <Card
          size="small"
          title={t("org.tree")}
          extra={
            admin && (
              <Button size="small" onClick={() => setAdding(true)}>
                {t("org.addDepartment")}
              </Button>
            )
          }
        >
          <Tree defaultExpandAll treeData={tree as never} onSelect={(keys) => setDept(keys[0] as number | undefined)} data-testid="org-tree" />
        </Card>
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Card size="small" title={t("org.members")}>
            <Table<Member>
              size="small"
              rowKey="id"
              loading={members.isLoading}
              dataSource={members.data ?? []}
              pagination={{ pageSize: 20 }}
              scroll={{ x: 700 }}
              columns={[
                { title: t("common.name"), dataIndex: "name" },
                { title: t("org.role"), dataIndex: "role", render: (r: string) => t(`role.${r}` as MessageKey) },
                { title: t("org.department"), dataIndex: "departmentName" },
                { title: t("org.leader"), dataIndex: "leaderName" },
                {
                  title: t("org.scope"),
                  key: "s",
                  render: (_: unknown, m) => (admin ? <UserScope m={m} /> : <Tag>{t(`scope.${m.effectiveScope}` as MessageKey)}</Tag>),
                },
              ]}
            />
          </Card>
          <RoleScopes admin={admin} />
        </Space>
      </div>
      {adding && <AddDepartment deps={deps.data ?? []} onClose={() => setAdding(false)} />}
    </div>
  );
}

function UserScope({ m }: { m: Member }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (s: DataScope | null) => api.patch(`/users/${m.id}/org`, { dataScope: s }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["members"] }),
    onError: (e) => message.error(errorText(locale, e)),
    meta: { handled: true },
  });
  return (
    <Select
      size="small"
      style={{ width: 170 }}
      value={m.dataScope ?? ""}
      aria-label={t("org.scopeOf", { name: m.name })}
      onChange={(v) => save.mutate(v ? (v as DataScope) : null)}
      options={[
        { value: "", label: `${t("org.roleDefault")} (${t(`scope.${m.effectiveScope}` as MessageKey)})` },
        ...SCOPES.map((s) => ({ value: s, label: t(`scope.${s}` as MessageKey) })),
      ]}
    />
  );
}

function RoleScopes({ admin }: { admin: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["data-scopes"], queryFn: () => api.get<{ roles: Array<{ role: string; scope: DataScope }> }>("/data-scopes") });
  const save = useMutation({
    mutationFn: (v: { role: string; scope: DataScope }) => api.put(`/data-scopes/${v.role}`, { scope: v.scope }),
    onSuccess: () => void qc.invalidateQueries(),
  });
  return (
    <Card size="small" title={t("org.roleScopes")}>
      <Space wrap>
        {(q.data?.roles ?? []).map((r) => (
          <span key={r.role}>
            {t(`role.${r.role}` as MessageKey)}:{" "}
            <Select
              size="small"
              disabled={!admin}
              style={{ width: 170 }}
              value={r.scope}
              aria-label={t("org.scopeOf", { name: t(`role.${r.role}` as MessageKey) })}
              onChange={(s) => save.mutate({ role: r.role, scope: s })}
              options={SCOPES.map((s) => ({ value: s, label: t(`scope.${s}` as MessageKey) }))}
            />
          </span>
        ))}
      </Space>
    </Card>
  );
}

function AddDepartment({ deps, onClose }: { deps: Department[]; onClose(): void }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post("/departments", v),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["departments"] });
      onClose();
    },
    onError: (e) => message.error(errorText(locale, e)),
    meta: { handled: true },
  });
  return (
    <Modal open title={t("org.addDepartment")} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t("common.name")} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="parentId" label={t("org.parent")}>
          <Select allowClear options={deps.map((d) => ({ value: d.id, label: `${"— ".repeat(d.depth)}${d.name}` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
