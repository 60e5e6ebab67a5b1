// The add/edit service form: name, duration, buffers and who performs it. Its schema is the
// page's first check (numbers typed as text, unchecked boxes absent); the service validates again.
import { Form } from "@remix-run/react";
import { z } from "zod";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";

const minutes = (label: string, min: number, max: number) =>
  z.coerce.number({ invalid_type_error: `${label} must be a number` }).int(`${label} must be whole minutes`).min(min, `${label}: at least ${min}`).max(max, `${label}: at most ${max}`);

export const serviceFormSchema = z.object({
  name: z.string().trim().min(1, "Give the service a name").max(120),
  durationMinutes: minutes("Duration", 1, 24 * 60),
  bufferBeforeMinutes: minutes("Buffer before", 0, 240),
  bufferAfterMinutes: minutes("Buffer after", 0, 240),
  staffIds: z.array(z.string().min(1)).max(200),
});

export type ServiceFormValues = z.infer<typeof serviceFormSchema>;

export function ServiceForm({
  intent,
  id,
  initial,
  staff,
  errors,
  busy,
}: {
  intent: string;
  id?: string;
  initial?: ServiceFormValues;
  staff: { id: string; name: string }[];
  errors: Record<string, string>;
  busy: boolean;
}) {
  return (
    <Form method="post" className="grid gap-4" noValidate>
      <input type="hidden" name="intent" value={intent} />
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <Field label="Service name" error={errors.name}>
        <Input name="name" defaultValue={initial?.name} placeholder="e.g. Haircut" maxLength={120} required />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Duration (min)" error={errors.durationMinutes}>
          <Input type="number" name="durationMinutes" min={1} step={5} defaultValue={initial?.durationMinutes ?? 30} />
        </Field>
        <Field label="Buffer before (min)" error={errors.bufferBeforeMinutes}>
          <Input type="number" name="bufferBeforeMinutes" min={0} step={5} defaultValue={initial?.bufferBeforeMinutes ?? 0} />
        </Field>
        <Field label="Buffer after (min)" error={errors.bufferAfterMinutes}>
          <Input type="number" name="bufferAfterMinutes" min={0} step={5} defaultValue={initial?.bufferAfterMinutes ?? 0} />
        </Field>
      </div>
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">Performed by</legend>
        {staff.length === 0 ? (
          <p className="text-sm text-muted-foreground">Add staff first; you can assign them later.</p>
        ) : (
          <div className="grid gap-2 sm:grid-cols-2">
            {staff.map((s) => (
              <label key={s.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="staffIds"
                  value={s.id}
                  defaultChecked={initial ? initial.staffIds.includes(s.id) : true}
                  className="size-4 rounded border-input accent-[hsl(var(--primary))]"
                />
                {s.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" disabled={busy}>
          Save service
        </Button>
      </div>
    </Form>
  );
}
