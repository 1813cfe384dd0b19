/**
 * Saved views of a list (customers, board): pick one to put its filters, columns and sort into the URL; save the
 * current ones under a name, personal or shared with one's department (and the departments below it).
 */
import { DeleteOutlined, SaveOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../api/client";
import type { SavedView } from "../api/types";
import { useI18n } from "../i18n";

/**
 * `keys`: the URL parameters a view keeps as filters, and every parameter starting with one of `prefixes` (custom
 * field filters `cf.<key>`); "sort" and "cols" (comma-separated columns) are kept apart.
 */
export function ViewPicker({
  list,
  keys,
  prefixes = ["cf."],
}: {
  list: "customers" | "opportunities" | "board";
  keys: readonly string[];
  prefixes?: readonly string[];
}) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const views = useQuery({ queryKey: ["views", list], queryFn: () => api.get<{ items: SavedView[] }>("/views", { list }).then((r) => r.items) });
  const current = views.data?.find((v) => String(v.id) === params.get("sv"));
  const refresh = () => qc.invalidateQueries({ queryKey: ["views", list] });

  const kept = (k: string) => keys.includes(k) || prefixes.some((p) => k.startsWith(p));
  const apply = (v: SavedView | undefined) => {
    const next = new URLSearchParams(params);
    for (const k of [...next.keys()]) if (kept(k) || ["sort", "cols", "sv"].includes(k)) next.delete(k);
    if (v) {
      for (const [k, x] of Object.entries(v.filters)) if (x !== null && x !== "" && kept(k)) next.set(k, Array.isArray(x) ? x.join(",") : String(x));
      if (v.sort) next.set("sort", v.sort);
      if (v.columns.length) next.set("cols", v.columns.join(","));
      next.set("sv", String(v.id));
    }
    setParams(next, { replace: true });
  };
  const content = () => {
    const filters: Record<string, string> = {};
    for (const [k, x] of params) if (x && kept(k)) filters[k] = x;
    const cols = params.get("cols");
    return { filters, columns: cols ? cols.split(",").filter(Boolean) : [], sort: params.get("sort") };
  };
  const save = useMutation({
    mutationFn: (v: { name: string; shared?: boolean }) => api.post<SavedView>("/views", { list, name: v.name, shared: !!v.shared, ...content() }),
    onSuccess: (v) => {
      setSaving(false);
      form.resetFields();
      void refresh().then(() => apply(v));
    },
  });
  const update = useMutation({
    mutationFn: (v: SavedView) => api.patch<SavedView>(`/views/${v.id}`, { version: v.version, ...content() }),
    onSuccess: () => void refresh(),
  });
  const del = useMutation({
    mutationFn: (id: number) => api.del(`/views/${id}`),
    onSuccess: () => {
      apply(undefined);
      void refresh();
    },
  });

  return (
    <Space.Compact>
      <Select
        allowClear
        placeholder={t("view.pick")}
        style={{ width: 170 }}
        value={current?.id}
        loading={views.isLoading}
        aria-label={t("view.pick")}
        data-testid="view-picker"
        onChange={(id) => apply(views.data?.find((v) => v.id === id))}
        options={(views.data ?? []).map((v) => ({ value: v.id, label: v.mine ? v.name : `${v.name} · ${v.departmentName ?? t("view.shared")}` }))}
      />
      {current?.mine && (
        <Button onClick={() => update.mutate(current)} loading={update.isPending} aria-label={t("view.update")} title={t("view.update")}>
          {t("view.update")}
        </Button>
      )}
      {current?.mine && (
        <Popconfirm title={t("common.delete")} onConfirm={() => del.mutate(current.id)}>
          <Button icon={<DeleteOutlined />} aria-label={t("view.delete")} />
        </Popconfirm>
      )}
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} data-testid="view-save">
        {t("view.save")}
      </Button>
      <Modal open={saving} title={t("view.save")} onCancel={() => setSaving(false)} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t("view.name")} rules={[{ required: true, max: 60 }]}>
            <Input data-testid="view-name" />
          </Form.Item>
          <Form.Item name="shared" valuePropName="checked">
            <Checkbox>{t("view.shareDept")}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Space.Compact>
  );
}
