// The weekly hours editor: the business's opening hours and each staff member's working hours
// use the same form, so both read and validate the same way (businessHoursSchema).
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import {
  WEEKDAY_LABELS,
  WEEKDAYS,
  type BusinessHours,
  type HoursInterval,
  type Weekday,
} from "../../server/tenancy/business-profile-schema";
import { Button } from "./ui/button";
import { Input } from "./ui/input";

const DEFAULT_INTERVAL: HoursInterval = { open: "09:00", close: "17:00" };

/**
 * Reads what HoursEditor posts: `<name>.<day>.open` is the day's "open" checkbox, and
 * `<name>.<day>.<n>.open` / `.close` its intervals. A closed day posts no intervals.
 */
export function readWeekHours(form: FormData, name = "hours"): Record<Weekday, HoursInterval[]> {
  const text = (key: string) => String(form.get(key) ?? "");
  return Object.fromEntries(
    WEEKDAYS.map((day) => {
      if (form.get(`${name}.${day}.open`) !== "on") return [day, []];
      const intervals: HoursInterval[] = [];
      for (let i = 0; form.has(`${name}.${day}.${i}.open`); i++) {
        intervals.push({ open: text(`${name}.${day}.${i}.open`), close: text(`${name}.${day}.${i}.close`) });
      }
      return [day, intervals];
    }),
  ) as Record<Weekday, HoursInterval[]>;
}

/**
 * Per weekday: an open/closed switch and one or more open–close intervals (a gap between two
 * is a break). Errors are looked up as `<errorPrefix>.<day>.<n>.open|close` and `<errorPrefix>.<day>`,
 * the paths of businessHoursSchema.
 */
export function HoursEditor({
  initial,
  errors,
  errorPrefix,
  name = "hours",
  closedLabel = "Closed",
}: {
  initial: BusinessHours;
  errors: Record<string, string>;
  errorPrefix: string;
  name?: string;
  closedLabel?: string;
}) {
  const [week, setWeek] = useState<BusinessHours>(initial);
  const update = (day: Weekday, intervals: HoursInterval[]) => setWeek((w) => ({ ...w, [day]: intervals }));

  return (
    <ul className="divide-y border-t">
      {WEEKDAYS.map((day) => {
        const intervals = week[day];
        const open = intervals.length > 0;
        const label = WEEKDAY_LABELS[day];
        return (
          <li key={day} className="flex flex-col gap-3 px-5 py-3 sm:flex-row sm:items-start">
            <label className="flex h-9 w-40 shrink-0 items-center gap-3 text-sm font-medium">
              <input
                type="checkbox"
                name={`${name}.${day}.open`}
                checked={open}
                onChange={(e) => update(day, e.target.checked ? [{ ...DEFAULT_INTERVAL }] : [])}
                className="size-4 rounded border-input accent-[hsl(var(--primary))]"
              />
              {label}
            </label>
            {open ? (
              <div className="grid flex-1 gap-2">
                {intervals.map((interval, i) => {
                  const openError = errors[`${errorPrefix}.${day}.${i}.open`];
                  const closeError = errors[`${errorPrefix}.${day}.${i}.close`];
                  const message = openError ?? closeError;
                  const set = (patch: Partial<HoursInterval>) =>
                    update(day, intervals.map((it, j) => (j === i ? { ...it, ...patch } : it)));
                  return (
                    <div key={i} className="grid gap-1">
                      <div className="flex items-center gap-2">
                        <Input
                          type="time"
                          name={`${name}.${day}.${i}.open`}
                          value={interval.open}
                          onChange={(e) => set({ open: e.target.value })}
                          aria-label={`${label} opens`}
                          aria-invalid={openError ? true : undefined}
                          className="w-32"
                        />
                        <span className="text-sm text-muted-foreground" aria-hidden="true">
                          to
                        </span>
                        <Input
                          type="time"
                          name={`${name}.${day}.${i}.close`}
                          value={interval.close}
                          onChange={(e) => set({ close: e.target.value })}
                          aria-label={`${label} closes`}
                          aria-invalid={closeError ? true : undefined}
                          className="w-32"
                        />
                        <Button
                          variant="ghost"
                          size="icon"
                          aria-label={`Remove ${label} ${interval.open}–${interval.close}`}
                          onClick={() => update(day, intervals.filter((_, j) => j !== i))}
                        >
                          <Trash2 aria-hidden="true" />
                        </Button>
                      </div>
                      {message ? (
                        <p className="text-xs font-medium text-destructive" role="alert">
                          {message}
                        </p>
                      ) : null}
                    </div>
                  );
                })}
                {errors[`${errorPrefix}.${day}`] ? (
                  <p className="text-xs font-medium text-destructive" role="alert">
                    {errors[`${errorPrefix}.${day}`]}
                  </p>
                ) : null}
                <div>
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => {
                      const last = intervals[intervals.length - 1];
                      // Suggest the hour after the last interval, for the common "afternoon shift" case.
                      const start = last && last.close < "23:00" ? last.close : "13:00";
                      const end = `${String(Math.min(Number(start.slice(0, 2)) + 4, 23)).padStart(2, "0")}:00`;
                      update(day, [...intervals, { open: start, close: end > start ? end : "23:59" }]);
                    }}
                    disabled={intervals.length >= 6}
                  >
                    <Plus aria-hidden="true" /> Add hours
                  </Button>
                </div>
              </div>
            ) : (
              <p className="flex h-9 items-center text-sm text-muted-foreground">{closedLabel}</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
