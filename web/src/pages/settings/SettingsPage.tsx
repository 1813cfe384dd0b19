/** Admin settings: pipelines and stages, users and teams, lost reasons, tier schemes and weights. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Form, Input, Modal, Select, Space, Switch, Table, Tabs, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import { useLostReasons, useTeams, useUsers } from "../../api/hooks";
import type { LostReason, UserRow } from "../../api/types";
import { useUser } from "../../auth";
import { NoAccess } from "../../components/NoAccess";
import { useI18n } from "../../i18n";
import { TieringForm } from "./TieringForm";
import { PipelineSettings } from "./PipelineSettings";
import { FieldsSettings } from "./FieldsSettings";

export default function SettingsPage() {
  const { t } = useI18n();
  const user = useUser();
  if (user.role !== "admin") return <NoAccess need="admin" />;
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t("set.title")}
      </Typography.Title>
      <Tabs
        items={[
          { key: "p", label: t("set.pipelines"), children: <PipelineSettings /> },
          { key: "u", label: t("set.users"), children: <UsersSettings /> },
          { key: "l", label: t("set.lostReasons"), children: <LostReasonSettings /> },
          { key: "t", label: t("set.tiers"), children: <TieringForm /> },
          { key: "f", label: t("fields.tab"), children: <FieldsSettings /> },
        ]}
      />
    </div>
  );
}

function UsersSettings() {
  const { t } = useI18n();
  const users = useUsers();
  const teams = useTeams();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [teamName, setTeamName] = useState("");
  const [form] = Form.useForm();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["users"] });
    void qc.invalidateQueries({ queryKey: ["teams"] });
  };
  const patch = useMutation({
    mutationFn: (v: { id: number } & Record<string, unknown>) => {
      const { id, ...b } = v;
      return api.patch(`/users/${id}`, b);
    },
    onSuccess: refresh,
  });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post("/users", v),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      refresh();
    },
  });
  const addTeam = useMutation({
    mutationFn: () => api.post("/teams", { name: teamName }),
    onSuccess: () => {
      setTeamName("");
      refresh();
    },
  });
  const roles = (["admin", "manager", "rep"] as const).map((r) => ({ value: r, label: t(`role.${r}`) }));
  const teamOpts = (teams.data ?? []).map((x) => ({ value: x.id, label: x.name }));
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Button type="primary" onClick={() => setOpen(true)}>
          {t("common.add")}
        </Button>
        <Space.Compact>
          <Input placeholder={t("common.team")} value={teamName} onChange={(e) => setTeamName(e.target.value)} />
          <Button disabled={!teamName.trim()} onClick={() => addTeam.mutate()}>
            {t("common.add")}
          </Button>
        </Space.Compact>
      </Space>
      <Table<UserRow>
        size="small"
        rowKey="id"
        dataSource={users.data ?? []}
        loading={users.isLoading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("common.name"), dataIndex: "name" },
          { title: t("contact.email"), dataIndex: "email" },
          {
            title: "",
            dataIndex: "role",
            render: (v: string, r) => (
              <Select size="small" value={v} style={{ width: 120 }} options={roles} onChange={(role) => patch.mutate({ id: r.id, role })} />
            ),
          },
          {
            title: t("common.team"),
            dataIndex: "teamId",
            render: (v: number | null, r) => (
              <Select
                size="small"
                allowClear
                value={v ?? undefined}
                style={{ width: 140 }}
                options={teamOpts}
                onChange={(teamId) => patch.mutate({ id: r.id, teamId: teamId ?? null })}
              />
            ),
          },
          {
            title: t("set.active"),
            dataIndex: "active",
            render: (v: boolean | number, r) => (
              <Switch size="small" aria-label={t("set.active")} checked={!!v} onChange={(active) => patch.mutate({ id: r.id, active })} />
            ),
          },
        ]}
      />
      <Modal open={open} title={t("set.users")} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ role: "rep" }} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label={t("common.name")} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t("contact.email")} rules={[{ required: true, type: "email" }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label="Role">
            <Select options={roles} />
          </Form.Item>
          <Form.Item name="teamId" label={t("common.team")}>
            <Select allowClear options={teamOpts} />
          </Form.Item>
          <Form.Item name="password" label={t("set.password")} rules={[{ required: true, min: 8 }]}>
            <Input.Password />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function LostReasonSettings() {
  const { t } = useI18n();
  const reasons = useLostReasons();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const refresh = () => qc.invalidateQueries({ queryKey: ["lost-reasons"] });
  const patch = useMutation({
    mutationFn: (v: { id: number } & Record<string, unknown>) => {
      const { id, ...b } = v;
      return api.patch(`/lost-reasons/${id}`, b);
    },
    onSuccess: refresh,
  });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post("/lost-reasons", v),
    onSuccess: () => {
      form.resetFields();
      void refresh();
    },
  });
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Form form={form} layout="inline" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="key" rules={[{ required: true, pattern: /^[a-z0-9_]{2,40}$/ }]}>
          <Input placeholder={t("set.key")} />
        </Form.Item>
        <Form.Item name="nameZh" rules={[{ required: true }]}>
          <Input placeholder={t("common.langZh")} />
        </Form.Item>
        <Form.Item name="nameEn" rules={[{ required: true }]}>
          <Input placeholder={t("common.langEn")} />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          {t("common.add")}
        </Button>
      </Form>
      <Table<LostReason>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={reasons.data ?? []}
        columns={[
          { title: t("set.key"), dataIndex: "key", render: (v: string) => <code translate="no">{v}</code> },
          {
            title: t("common.langZh"),
            dataIndex: "nameZh",
            render: (v: string, r) => (
              <Input size="small" defaultValue={v} onBlur={(e) => e.target.value !== v && patch.mutate({ id: r.id, nameZh: e.target.value })} />
            ),
          },
          {
            title: t("common.langEn"),
            dataIndex: "nameEn",
            render: (v: string, r) => (
              <Input size="small" defaultValue={v} onBlur={(e) => e.target.value !== v && patch.mutate({ id: r.id, nameEn: e.target.value })} />
            ),
          },
          {
            title: t("set.active"),
            dataIndex: "active",
            render: (v: boolean | number, r) => (
              <Switch size="small" aria-label={t("set.active")} checked={!!v} onChange={(active) => patch.mutate({ id: r.id, active })} />
            ),
          },
        ]}
      />
    </Space>
  );
}
