/**
 * The import wizard: choose the kind and upload a CSV/XLSX file; map its columns (Chinese headers recognised
 * with the server's own alias list); a dry run with the per-row error report (row, column, reason); then the
 * import with progress, polled from /import/runs/:id.
 */
import { InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Progress, Result, Select, Space, Steps, Table, Tag, Typography, Upload } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { normaliseHeader } from "../../../../src/import/headers";
import { type ImportKind, KINDS } from "../../../../src/import/kinds";
import { api } from "../../api/client";
import { type MessageKey, useI18n } from "../../i18n";
import { showError } from "../../queryClient";

const WIZARD_KINDS: ImportKind[] = ["customers", "contacts", "opportunities", "activities", "orders"];
interface Run { id: number; status: "running" | "done" | "failed" | "dry_run"; total: number; processed: number; inserted: number; updated: number; unchanged: number; errors: Array<{ row: number; column: string | null; reason: string }>; errorCount?: number }

/** The header row of a CSV file (quotes and the BOM handled). */
export function csvHeader(text: string): string[] {
  const line = text.replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
  const delim = (line.match(/\t/g)?.length ?? 0) > (line.match(/,/g)?.length ?? 0) ? "\t" : line.includes(";") && !line.includes(",") ? ";" : ",";
  const out: string[] = [];
  let cur = "", q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) { if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch; }
    else if (ch === '"') q = true;
    else if (ch === delim) { out.push(cur.trim()); cur = ""; }
    else cur += ch;
  }
  out.push(cur.trim());
  return out.filter((h, i) => h !== "" || i < out.length - 1);
}

/** The canonical column each header is recognised as, or "-" (ignored). */
export function autoMap(kind: ImportKind, header: string[]): Record<string, string> {
  const byName = new Map<string, string>();
  for (const c of KINDS[kind].columns) {
    byName.set(c.name, c.name);
    for (const a of c.aliases) if (!byName.has(normaliseHeader(a).base)) byName.set(normaliseHeader(a).base, c.name);
  }
  return Object.fromEntries(header.map((h) => [h, byName.get(normaliseHeader(h).base) ?? "-"]));
}

export default function ImportPage() {
  const { t } = useI18n();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>("customers");
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<string[] | null>(null);
  const [map, setMap] = useState<Record<string, string>>({});
  const [dry, setDry] = useState<Run | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [busy, setBusy] = useState(false);
  const format = file?.name.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv";
  const columns = KINDS[kind].columns;

  const choose = async (f: File) => {
    setFile(f); setDry(null); setRun(null);
    if (!f.name.toLowerCase().endsWith(".xlsx")) {
      const h = csvHeader(await f.slice(0, 64 * 1024).text());
      setHeader(h); setMap(autoMap(kind, h));
    } else { setHeader(null); setMap({}); }
    setStep(1);
  };
  useEffect(() => { if (header) setMap(autoMap(kind, header)); }, [kind, header]);
  const missing = useMemo(() => header ? columns.filter((c) => c.required && !Object.values(map).includes(c.name)).map((c) => c.name) : [], [header, map, columns]);

  const polling = useRef<number | null>(null);
  useEffect(() => () => { if (polling.current) window.clearTimeout(polling.current); }, []);
  const start = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const headers: Record<string, string> = { "content-type": format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv" };
      if (header) headers["x-import-map"] = encodeURIComponent(JSON.stringify(map));
      const { runId } = await api.post<{ runId: number }>(`/import/${kind}?${new URLSearchParams({ format, fileName: file.name, ...(dryRun ? { dryRun: "1" } : {}) })}`, undefined, { headers, rawBody: file });
      const poll = async () => {
        const r = await api.get<Run>(`/import/runs/${runId}`);
        if (dryRun) setDry(r); else setRun(r);
        if (r.status === "running") polling.current = window.setTimeout(() => void poll().catch(showError), 400);
        else { setBusy(false); setStep(dryRun ? 2 : 3); }
      };
      await poll();
    } catch (e) {
      setBusy(false);
      showError(e);
    }
  };
  const errorTable = (r: Run) => (
    <Table size="small" rowKey={(e) => `${e.row}-${e.column}-${e.reason}`} pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={r.errors} data-testid="import-errors"
      columns={[
        { title: t("imp.row"), dataIndex: "row", width: 70 },
        { title: t("imp.column"), dataIndex: "column", width: 180, render: (v: string | null) => v ?? "—" },
        { title: t("imp.reason"), dataIndex: "reason" },
      ]} />
  );
  const summary = (r: Run) => t("imp.summary", { total: r.processed || r.total, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged });
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t("imp.title")}</Typography.Title>
      <Steps current={step} style={{ marginBottom: 16 }} items={[{ title: t("imp.upload") }, { title: t("imp.map") }, { title: t("imp.dryRun") }, { title: t("imp.done") }]} />
      <Card size="small">
        {step === 0 && (
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Space><span>{t("imp.kind")}</span>
              <Select value={kind} onChange={setKind} style={{ width: 160 }} data-testid="import-kind" options={WIZARD_KINDS.map((k) => ({ value: k, label: t(`imp.kind.${k}` as MessageKey) }))} />
            </Space>
            <Upload.Dragger accept=".csv,.xlsx,.txt" maxCount={1} showUploadList={false} beforeUpload={(f) => { void choose(f); return false; }} data-testid="import-upload">
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p>{t("imp.drop")}</p>
              <p className="jd-muted">{columns.filter((c) => c.required).map((c) => `${c.aliases[0] ?? c.name}*`).join(" · ")}</p>
            </Upload.Dragger>
          </Space>
        )}
        {step === 1 && (
          <Space orientation="vertical" style={{ width: "100%" }}>
            <div><Tag>{t(`imp.kind.${kind}` as MessageKey)}</Tag> {file?.name}</div>
            {header ? (
              <Table size="small" rowKey="h" pagination={false} dataSource={header.map((h) => ({ h }))} data-testid="import-map"
                columns={[
                  { title: t("imp.column"), dataIndex: "h" },
                  { title: t("imp.field"), key: "f", render: (_: unknown, r) => (
                    <Select value={map[r.h] ?? "-"} style={{ width: 240 }} onChange={(v) => setMap({ ...map, [r.h]: v })} aria-label={r.h}
                      options={[{ value: "-", label: t("imp.ignore") }, ...columns.map((c) => ({ value: c.name, label: `${c.name}${c.required ? " *" : ""} ${c.aliases[0] ? `(${c.aliases[0]})` : ""}` }))]} />
                  ) },
                ]} />
            ) : <Alert type="info" showIcon title="XLSX" description={columns.map((c) => c.name).join(", ")} />}
            {missing.length > 0 && <Alert type="warning" showIcon title={`${missing.join(", ")} *`} />}
            <Space>
              <Button onClick={() => setStep(0)}>{t("common.back")}</Button>
              <Button type="primary" loading={busy} onClick={() => void start(true)} data-testid="import-dry-run">{t("imp.dryRun")}</Button>
            </Space>
          </Space>
        )}
        {step === 2 && dry && (
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Alert type={dry.errors.length ? "error" : "success"} showIcon data-testid="dry-run-result"
              title={dry.errors.length ? `${t("imp.errors")}: ${dry.errorCount ?? dry.errors.length}` : t("imp.noErrors")} description={summary(dry)} />
            {dry.errors.length > 0 && errorTable(dry)}
            <Space>
              <Button onClick={() => setStep(dry.errors.length ? 0 : 1)}>{t("common.back")}</Button>
              <Button type="primary" disabled={dry.errors.length > 0} loading={busy} onClick={() => void start(false)} data-testid="import-run">{t("imp.import")}</Button>
            </Space>
            {busy && run && <Progress percent={run.total ? Math.round((run.processed / run.total) * 100) : 0} />}
          </Space>
        )}
        {step === 3 && run && (
          <Result status={run.status === "done" ? "success" : "error"} title={run.status === "done" ? t("imp.done") : t("imp.errors")} subTitle={summary(run)}
            extra={<Button onClick={() => { setStep(0); setFile(null); setDry(null); setRun(null); }}>{t("imp.upload")}</Button>}>
            {run.errors.length > 0 && errorTable(run)}
          </Result>
        )}
        {busy && step < 2 && <Progress percent={dry?.total ? Math.round((dry.processed / dry.total) * 100) : 50} status="active" />}
      </Card>
    </div>
  );
}
