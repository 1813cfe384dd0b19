/** Forecast figures that open the opportunities behind them (ListDrillDrawer with the figure's period, category, line and filters). */
import { Button } from "antd";
import { createContext, type ReactNode, useContext, useState } from "react";
import type { Params } from "../../api/client";
import { type ListDrill, ListDrillDrawer } from "../../components/ListDrillDrawer";
import type { Category } from "./types";

export interface LineRef {
  scope: "user" | "team" | "company";
  scopeId: number | null;
}
export interface FigureRef {
  line: LineRef;
  period: string;
  /** an open category, or "won" */
  what: Category | "won";
  /** the figure ignores the page's filters (accuracy is computed over everything the viewer sees) */
  unfiltered?: boolean;
}

/** The list filter of a figure: the same cut the forecast makes (src/forecast/drill.ts), plus the page's own filters. */
export function figureFilter(f: FigureRef, pageFilter: Params): Params {
  const line = f.line.scope === "user" ? { owner: f.line.scopeId } : f.line.scope === "team" ? { department: f.line.scopeId ?? 0 } : {};
  const what = f.what === "won" ? { status: "won" } : { status: "open", category: f.what };
  return { ...(f.unfiltered ? {} : pageFilter), ...line, ...what, period: f.period };
}

const Ctx = createContext<((title: string, f: FigureRef) => void) | null>(null);

/** Holds the one drawer of the page; figures below it open it. */
export function DrillScope({ filter, children }: { filter: Params; children: ReactNode }) {
  const [drill, setDrill] = useState<ListDrill | null>(null);
  return (
    <Ctx.Provider value={(title, f) => setDrill({ title, filter: figureFilter(f, filter) })}>
      {children}
      <ListDrillDrawer drill={drill} onClose={() => setDrill(null)} />
    </Ctx.Provider>
  );
}

export function useOpenFigure() {
  const open = useContext(Ctx);
  if (!open) throw new Error("useOpenFigure outside DrillScope");
  return open;
}

/** A figure as a link-styled button; `title` names it in the drawer and describes it (tooltip, screen readers). */
export function Figure({ title, f, children }: { title: string; f: FigureRef; children: ReactNode }) {
  const open = useOpenFigure();
  return (
    <Button
      type="link"
      size="small"
      style={{ padding: 0, height: "auto" }}
      // the figure is the button's name (what it shows); what it is about is its description
      title={title}
      data-testid="fc-figure"
      data-scope={f.line.scope}
      data-scope-id={f.line.scopeId ?? ""}
      data-what={f.what}
      onClick={() => open(title, f)}
    >
      {children}
    </Button>
  );
}
