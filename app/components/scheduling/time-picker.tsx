// Choosing a time, for booking and for moving: the day's free times as toggle buttons, and the
// pre-save check of a time typed by hand (its conflicts and the next free times instead).
import type { ReactNode } from "react";
import { formatDay, formatTime } from "../business-time";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

export interface PickedTime {
  staffId: string;
  startsAt: string;
}

export interface SlotOption extends PickedTime {
  staffName: string;
}

export interface TimeCheck {
  ok: boolean;
  issues: { code: string; message: string }[];
  nextSlots: SlotOption[];
}

/** The slot buttons' value when they submit a form (`slot`): "staffId|ISO instant". */
export function slotValue(slot: PickedTime): string {
  return `${slot.staffId}|${slot.startsAt}`;
}

export function parseSlotValue(value: string): PickedTime | null {
  const [staffId, startsAt] = value.split("|");
  return staffId && startsAt && !Number.isNaN(Date.parse(startsAt)) ? { staffId, startsAt } : null;
}

/**
 * Time buttons. With `onPick` they select (aria-pressed); without it they are submit buttons
 * named `slot`, so the surrounding form posts that time with everything else it holds.
 */
export function SlotButtons({
  slots,
  timeZone,
  showStaff,
  showDay = false,
  picked,
  onPick,
  label,
}: {
  slots: SlotOption[];
  timeZone: string;
  showStaff: boolean;
  showDay?: boolean;
  picked?: PickedTime | null;
  onPick?: (slot: SlotOption) => void;
  label: string;
}) {
  return (
    <ul aria-label={label} className="flex flex-wrap gap-2">
      {slots.map((slot) => {
        const text = `${showDay ? `${formatDay(slot.startsAt, timeZone)}, ` : ""}${formatTime(slot.startsAt, timeZone)}${showStaff ? ` · ${slot.staffName}` : ""}`;
        const isPicked = !!picked && picked.startsAt === slot.startsAt && picked.staffId === slot.staffId;
        return (
          <li key={slotValue(slot)}>
            {onPick ? (
              <Button variant={isPicked ? "default" : "outline"} size="sm" aria-pressed={isPicked} onClick={() => onPick(slot)}>
                {text}
              </Button>
            ) : (
              <Button type="submit" variant="outline" size="sm" name="slot" value={slotValue(slot)}>
                {text}
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The free times of the chosen day, or why there are none. */
export function DaySlots({
  slots,
  timeZone,
  showStaff,
  picked,
  onPick,
  empty,
}: {
  slots: SlotOption[];
  timeZone: string;
  showStaff: boolean;
  picked: PickedTime | null;
  onPick: (slot: SlotOption) => void;
  empty: ReactNode;
}) {
  if (slots.length === 0) return <p className="text-sm text-muted-foreground">{empty}</p>;
  return <SlotButtons slots={slots} timeZone={timeZone} showStaff={showStaff} picked={picked} onPick={onPick} label="Free times" />;
}

/** What the check says about a typed time, before anything is saved. */
export function CheckResult({
  check,
  time,
  timeZone,
  picked,
  onPick,
}: {
  check: TimeCheck;
  time: string;
  timeZone: string;
  picked: PickedTime | null;
  onPick: (slot: SlotOption) => void;
}) {
  if (check.ok) return <Alert variant="success" title={`${time} is free`} />;
  const conflict = check.issues.some((i) => i.code === "conflict");
  return (
    <Alert variant={conflict ? "destructive" : "warning"} title={conflict ? `${time} overlaps another appointment` : `${time} breaks a booking rule`}>
      <ul className="mb-2 list-disc pl-4">
        {check.issues.map((issue) => (
          <li key={issue.code}>{issue.message}</li>
        ))}
      </ul>
      {check.nextSlots.length > 0 ? (
        <div className="grid gap-2">
          <p>Next free times:</p>
          <SlotButtons slots={check.nextSlots} timeZone={timeZone} showStaff={false} showDay picked={picked} onPick={onPick} label="Next free times" />
        </div>
      ) : null}
    </Alert>
  );
}
