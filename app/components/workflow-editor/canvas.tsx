// The React Flow canvas over a WorkflowSpec. The spec is the only state: nodes and edges are
// derived from it on every render, and every change (drag, connect, delete) goes back as an edit
// of the spec, so undo/redo, saving and validation all see the same thing.
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { WorkflowSpec } from "../../../agents/graphs/spec";
import { addEdge, edgeLabel, moveNodes, portsOf, removeElements } from "./graph";
import { WorkflowNodeCard, type EditorProblem, type WorkflowFlowNode } from "./node-card";

const nodeTypes = { workflow: WorkflowNodeCard };
/** Fit the graph, but never so small the cards cannot be read: a large workflow is panned instead. */
export const FIT = { padding: 0.15, minZoom: 0.45, duration: 200 } as const;

export interface CanvasProps {
  spec: WorkflowSpec;
  problems?: EditorProblem[];
  selectedNodeId?: string | null;
  selectedEdgeId?: string | null;
  onSelect?: (sel: { nodeId: string | null; edgeId: string | null }) => void;
  /** An edit of the spec; `coalesce` merges consecutive edits with the same key into one undo step. */
  onEdit?: (fn: (spec: WorkflowSpec) => WorkflowSpec, coalesce?: string) => void;
  readOnly?: boolean;
  highlight?: { current: string | null; visited: string[] };
  /** Changes when the caller wants the view re-fitted (after auto-layout, on load). */
  fitKey?: string | number;
  colorMode?: "light" | "dark";
}

export function WorkflowCanvas({
  spec,
  problems = [],
  selectedNodeId = null,
  selectedEdgeId = null,
  onSelect,
  onEdit,
  readOnly = false,
  highlight,
  fitKey,
  colorMode = "light",
}: CanvasProps) {
  const flow = useReactFlow();
  // Sizes React Flow measured; kept beside the spec (they are not part of it).
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  // Positions while a drag is in progress, applied to the spec on every move (coalesced).
  const dragging = useRef(false);

  const byNode = useMemo(() => {
    const map = new Map<string, EditorProblem[]>();
    for (const p of problems) if (p.nodeId) map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
    return map;
  }, [problems]);
  const badEdges = useMemo(() => new Set(problems.filter((p) => p.edgeId && p.severity !== "warning").map((p) => p.edgeId!)), [problems]);

  const nodes: WorkflowFlowNode[] = useMemo(
    () =>
      spec.nodes.map((node, i) => ({
        id: node.id,
        type: "workflow" as const,
        position: node.position ?? { x: (i % 4) * 280, y: Math.floor(i / 4) * 140 },
        selected: node.id === selectedNodeId,
        draggable: !readOnly,
        connectable: !readOnly,
        measured: measured[node.id],
        data: {
          node,
          ports: portsOf(node, spec.edges),
          problems: byNode.get(node.id) ?? [],
          isEntry: spec.entry === node.id,
          highlight: highlight ? (highlight.current === node.id ? "current" : highlight.visited.includes(node.id) ? "visited" : null) : null,
        },
      })),
    [spec.nodes, spec.edges, spec.entry, selectedNodeId, readOnly, measured, byNode, highlight],
  );

  const edges: Edge[] = useMemo(() => {
    const types = new Map(spec.nodes.map((n) => [n.id, n.type]));
    const visited = new Set(highlight ? [...highlight.visited, highlight.current ?? ""] : []);
    return spec.edges.map((e) => {
      const label = edgeLabel(e, types.get(e.from));
      const hot = highlight ? visited.has(e.from) && visited.has(e.to) : false;
      return {
        id: e.id,
        source: e.from,
        target: e.to,
        sourceHandle: types.get(e.from) === "branch" ? "next" : (e.on ?? "next"),
        label: label || undefined,
        selected: e.id === selectedEdgeId,
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        style: badEdges.has(e.id) ? { stroke: "hsl(var(--destructive))" } : hot ? { stroke: "hsl(var(--primary))", strokeWidth: 2 } : undefined,
        labelStyle: { fontSize: 11 },
        labelBgPadding: [4, 2] as [number, number],
        labelBgBorderRadius: 4,
        focusable: !readOnly,
        deletable: !readOnly,
      };
    });
  }, [spec.edges, spec.nodes, selectedEdgeId, badEdges, highlight, readOnly]);

  const onNodesChange = useCallback(
    (changes: NodeChange<WorkflowFlowNode>[]) => {
      const sizes: Record<string, { width: number; height: number }> = {};
      const moves = new Map<string, { x: number; y: number }>();
      const removed: string[] = [];
      let endedDrag = false;
      for (const c of changes) {
        if (c.type === "dimensions" && c.dimensions) sizes[c.id] = c.dimensions;
        else if (c.type === "position" && c.position) {
          moves.set(c.id, c.position);
          if (c.dragging === false) endedDrag = true;
          dragging.current = !!c.dragging;
        } else if (c.type === "position" && c.dragging === false) endedDrag = true;
        else if (c.type === "remove") removed.push(c.id);
        else if (c.type === "select" && c.selected) onSelect?.({ nodeId: c.id, edgeId: null });
      }
      if (Object.keys(sizes).length) setMeasured((m) => ({ ...m, ...sizes }));
      if (readOnly) return;
      if (moves.size) onEdit?.((s) => moveNodes(s, moves), `drag:${[...moves.keys()].join(",")}`);
      if (endedDrag) dragging.current = false;
      if (removed.length) {
        onEdit?.((s) => removeElements(s, removed, []));
        onSelect?.({ nodeId: null, edgeId: null });
      }
    },
    [onEdit, onSelect, readOnly],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed: string[] = [];
      for (const c of changes) {
        if (c.type === "remove") removed.push(c.id);
        else if (c.type === "select" && c.selected) onSelect?.({ nodeId: null, edgeId: c.id });
      }
      if (!readOnly && removed.length) {
        onEdit?.((s) => removeElements(s, [], removed));
        onSelect?.({ nodeId: null, edgeId: null });
      }
    },
    [onEdit, onSelect, readOnly],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (readOnly || !c.source || !c.target) return;
      onEdit?.((s) => addEdge(s, c.source, c.target, c.sourceHandle ?? "next"));
    },
    [onEdit, readOnly],
  );

  useEffect(() => {
    // After a re-layout or load, wait a frame so the new positions are measured before fitting.
    const t = requestAnimationFrame(() => void flow.fitView(FIT));
    return () => cancelAnimationFrame(t);
  }, [fitKey, flow]);

  useEffect(() => {
    if (highlight?.current) {
      const node = spec.nodes.find((n) => n.id === highlight.current);
      if (node?.position) void flow.setCenter(node.position.x + 120, node.position.y + 40, { zoom: Math.max(flow.getZoom(), 0.8), duration: 300 });
    }
    // Only when the highlighted node changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [highlight?.current]);

  return (
    <ReactFlow<WorkflowFlowNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onPaneClick={() => onSelect?.({ nodeId: null, edgeId: null })}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      elementsSelectable={!readOnly}
      deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
      minZoom={0.1}
      maxZoom={2}
      fitView
      fitViewOptions={FIT}
      colorMode={colorMode}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={20} />
      <Controls showInteractive={false} />
      {readOnly ? null : <MiniMap pannable zoomable style={{ width: 140, height: 100 }} className="!hidden xl:!block" />}
    </ReactFlow>
  );
}
