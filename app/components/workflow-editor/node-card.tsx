// One workflow node on the canvas: type, id/label, a one-line summary, its problems, and one
// output handle per port (edge `on` name) along the bottom edge.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import {
  AlertTriangle,
  CircleStop,
  GitBranch,
  HelpCircle,
  MessageSquare,
  PhoneForwarded,
  Route,
  Wrench,
  BookOpen,
  type LucideIcon,
} from "lucide-react";
import type { NodeType, WorkflowNode } from "../../../agents/graphs/spec";
import { cn } from "../ui/cn";
import { NODE_HEIGHT, NODE_TYPE_INFO, NODE_WIDTH, summaryOf } from "./graph";

export interface EditorProblem {
  nodeId?: string;
  edgeId?: string;
  code: string;
  message: string;
  severity?: "error" | "warning";
}

export const NODE_ICONS: Record<NodeType, LucideIcon> = {
  say: MessageSquare,
  ask: HelpCircle,
  intent: Route,
  branch: GitBranch,
  action: Wrench,
  answer: BookOpen,
  transfer: PhoneForwarded,
  end: CircleStop,
};

const ACCENT: Record<NodeType, string> = {
  say: "bg-sky-500",
  ask: "bg-violet-500",
  intent: "bg-fuchsia-500",
  branch: "bg-amber-500",
  action: "bg-emerald-500",
  answer: "bg-teal-500",
  transfer: "bg-orange-500",
  end: "bg-slate-500",
};

export type WorkflowNodeData = {
  node: WorkflowNode;
  ports: string[];
  problems: EditorProblem[];
  isEntry: boolean;
  /** Test-call view: the node the call waits at, or one it passed through this turn. */
  highlight?: "current" | "visited" | null;
};
export type WorkflowFlowNode = Node<WorkflowNodeData, "workflow">;

export function WorkflowNodeCard({ data, selected }: NodeProps<WorkflowFlowNode>) {
  const { node, ports, problems, isEntry, highlight } = data;
  const Icon = NODE_ICONS[node.type] ?? HelpCircle;
  const errors = problems.filter((p) => p.severity !== "warning");
  const warnings = problems.filter((p) => p.severity === "warning");
  return (
    <div
      data-testid={`node-${node.id}`}
      data-highlight={highlight ?? undefined}
      className={cn(
        "relative flex flex-col overflow-hidden rounded-lg border bg-card text-card-foreground shadow-sm transition-shadow",
        selected && "ring-2 ring-primary",
        errors.length > 0 && "border-destructive",
        errors.length === 0 && warnings.length > 0 && "border-warning",
        highlight === "current" && "ring-4 ring-primary shadow-lg",
        highlight === "visited" && "ring-2 ring-primary/40",
      )}
      style={{ width: NODE_WIDTH, minHeight: NODE_HEIGHT }}
      title={problems.map((p) => p.message).join("\n") || undefined}
    >
      <Handle type="target" position={Position.Top} className="!size-2.5 !border-2 !border-background !bg-muted-foreground" />
      <div className="flex items-center gap-2 border-b px-2.5 py-1.5">
        <span aria-hidden="true" className={cn("flex size-5 items-center justify-center rounded text-white", ACCENT[node.type])}>
          <Icon className="size-3" />
        </span>
        <span className="text-[11px] font-semibold uppercase tracking-wide text-muted-foreground">{NODE_TYPE_INFO[node.type]?.label ?? node.type}</span>
        <span className="min-w-0 flex-1 truncate text-xs font-medium">{node.label || node.id}</span>
        {isEntry ? <span className="rounded bg-primary/10 px-1 text-[10px] font-semibold text-primary">START</span> : null}
        {problems.length > 0 ? (
          <span
            className={cn("flex items-center gap-0.5 text-[10px] font-semibold", errors.length ? "text-destructive" : "text-warning")}
            aria-label={`${problems.length} problem${problems.length === 1 ? "" : "s"}`}
          >
            <AlertTriangle className="size-3" aria-hidden="true" />
            {problems.length}
          </span>
        ) : null}
      </div>
      <p className="line-clamp-2 px-2.5 py-1.5 text-xs text-muted-foreground">{summaryOf(node) || "\u00a0"}</p>
      {errors[0] ? <p className="line-clamp-2 border-t bg-destructive/10 px-2.5 py-1 text-[11px] text-destructive">{errors[0].message}</p> : null}
      {ports.length > 0 ? (
        <div className="mt-auto flex justify-around gap-1 border-t px-1 pb-2 pt-1">
          {ports.map((port) => (
            <span key={port} className="relative max-w-[6rem] truncate text-[10px] text-muted-foreground" title={port}>
              {port}
            </span>
          ))}
        </div>
      ) : null}
      {ports.map((port, i) => (
        <Handle
          key={port}
          id={port}
          type="source"
          position={Position.Bottom}
          style={{ left: `${((i + 0.5) / ports.length) * 100}%` }}
          className="!size-2.5 !border-2 !border-background !bg-primary"
        />
      ))}
    </div>
  );
}
