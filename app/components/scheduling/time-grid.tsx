// The calendar grid shared by the week view (a column per day) and the day view (a column per
// staff member): hours down the side, appointments as blocks placed by their local start and end.
// Blocks that overlap in one column (different staff in the week view) share its width.
import { Link } from "@remix-run/react";
import type { AppointmentStatus } from "../../../server/db/generated/enums";
import { cn } from "../ui/cn";
import { STATUS_BLOCKS, STATUS_LABELS } from "./appointment-status";

export interface GridBlock {
  id: string;
  /** Minutes after the column's local midnight (may run past 1440 for a late appointment). */
  startMinute: number;
  endMinute: number;
  time: string;
  title: string;
  subtitle: string;
  status: AppointmentStatus;
  color: string | null;
}

export interface GridColumn {
  key: string;
  label: string;
  sublabel?: string;
  highlighted?: boolean;
  blocks: GridBlock[];
}

const HOUR_PX = 56;

/** Side-by-side lanes for overlapping blocks: each block gets a lane and its cluster's lane count. */
function layOut(blocks: GridBlock[]) {
  const sorted = [...blocks].sort((a, b) => a.startMinute - b.startMinute || b.endMinute - a.endMinute);
  const placed: { block: GridBlock; lane: number; lanes: number }[] = [];
  let cluster: typeof placed = [];
  let clusterEnd = -1;
  const close = () => {
    const lanes = Math.max(1, ...cluster.map((p) => p.lane + 1));
    for (const p of cluster) p.lanes = lanes;
    cluster = [];
  };
  for (const block of sorted) {
    if (block.startMinute >= clusterEnd) close();
    const laneEnds: number[] = [];
    for (const p of cluster) laneEnds[p.lane] = Math.max(laneEnds[p.lane] ?? 0, p.block.endMinute);
    let lane = laneEnds.findIndex((end) => end <= block.startMinute);
    if (lane === -1) lane = laneEnds.length;
    const item = { block, lane, lanes: 1 };
    cluster.push(item);
    placed.push(item);
    clusterEnd = Math.max(clusterEnd, block.endMinute);
  }
  close();
  return placed;
}

export function TimeGrid({
  columns,
  firstHour,
  lastHour,
  hourLabel,
  minColumnWidth = "8rem",
  caption,
}: {
  columns: GridColumn[];
  firstHour: number;
  lastHour: number;
  hourLabel: (hour: number) => string;
  minColumnWidth?: string;
  caption: string;
}) {
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);
  const height = hours.length * HOUR_PX;
  const top = (minute: number) => ((minute - firstHour * 60) / 60) * HOUR_PX;
  return (
    // Scrolls sideways on a phone rather than squeezing seven days into 390 pixels.
    <div className="overflow-x-auto rounded-lg border bg-card" role="region" aria-label={caption} tabIndex={0}>
      <div className="grid min-w-max" style={{ gridTemplateColumns: `3.5rem repeat(${columns.length}, minmax(${minColumnWidth}, 1fr))` }}>
        <div className="sticky left-0 z-20 border-b bg-card" />
        {columns.map((c) => (
          <div key={c.key} className={cn("border-b border-l px-2 py-2 text-center text-sm", c.highlighted && "bg-primary/5")}>
            <div className={cn("font-medium", c.highlighted && "text-primary")}>{c.label}</div>
            {c.sublabel ? <div className="text-xs text-muted-foreground">{c.sublabel}</div> : null}
          </div>
        ))}

        <div className="sticky left-0 z-20 bg-card" style={{ height }}>
          {hours.map((h) => (
            <div key={h} className="relative border-t text-right" style={{ height: HOUR_PX }}>
              <span className="absolute -top-2 right-2 bg-card px-0.5 text-[11px] text-muted-foreground">{hourLabel(h)}</span>
            </div>
          ))}
        </div>
        {columns.map((c) => (
          <div key={c.key} className={cn("relative border-l", c.highlighted && "bg-primary/5")} style={{ height }}>
            {hours.map((h) => (
              <div key={h} className="border-t border-border/60" style={{ height: HOUR_PX }} />
            ))}
            <ul aria-label={`${c.label}${c.sublabel ? ` ${c.sublabel}` : ""}`}>
              {layOut(c.blocks).map(({ block, lane, lanes }) => {
                const y = Math.max(0, top(block.startMinute));
                const h = Math.max(22, Math.min(height, top(block.endMinute)) - y - 2);
                return (
                  <li
                    key={block.id}
                    className="absolute px-0.5"
                    style={{ top: y + 1, height: h, left: `${(lane / lanes) * 100}%`, width: `${100 / lanes}%` }}
                  >
                    <Link
                      to={`/appointments/${block.id}`}
                      className={cn(
                        "block h-full overflow-hidden rounded-md border border-l-4 px-1.5 py-0.5 text-xs leading-tight shadow-sm transition-colors hover:brightness-95",
                        "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                        STATUS_BLOCKS[block.status],
                      )}
                      aria-label={`${block.time}, ${block.title}, ${block.subtitle}, ${STATUS_LABELS[block.status]}`}
                    >
                      {/* A short appointment has room for one line: its time and title. */}
                      <span className="flex items-center gap-1 truncate font-medium">
                        {block.color ? <span aria-hidden="true" className="size-2 shrink-0 rounded-full" style={{ backgroundColor: block.color }} /> : null}
                        <span className="truncate">{h < 40 ? `${block.time} ${block.title}` : block.title}</span>
                      </span>
                      {h < 40 ? null : (
                        <span className="block truncate text-muted-foreground">
                          {block.time} · {block.subtitle}
                        </span>
                      )}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}
