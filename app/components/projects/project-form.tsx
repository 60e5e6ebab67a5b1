// The project fields staff type by hand: name, client (contact picker + company), due date and
// owner; on the new-project page also the status and the first update text.
import { PROJECT_STATUS_LABELS, PROJECT_STATUSES } from "../../../server/projects/status";
import type { ProjectStatus } from "../../../server/db/generated/enums";
import { ContactPicker } from "../scheduling/contact-picker";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { Select } from "../ui/select";
import { Textarea } from "../ui/textarea";

export type ProjectFormErrors = Record<string, string | undefined>;

export interface ProjectFormDefaults {
  name: string;
  company: string;
  contact: { id: string; name: string; detail: string } | null;
  dueDate: string | null;
  ownerId: string | null;
  status?: ProjectStatus;
  updateSummary?: string;
}

export function ProjectFields({
  defaults,
  owners,
  errors,
  withStatus = false,
}: {
  defaults: ProjectFormDefaults;
  owners: { id: string; name: string }[];
  errors: ProjectFormErrors;
  /** The new-project page also sets the status and the first update. */
  withStatus?: boolean;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label="Project name" error={errors.name} className="sm:col-span-2">
        <Input name="name" required maxLength={200} defaultValue={defaults.name} placeholder="e.g. Website redesign" />
      </Field>
      <div className="sm:col-span-2">
        <ContactPicker initial={defaults.contact} label="Client contact" hint="Who calls about it: the receptionist answers them." />
        {errors.contactId ? <p className="mt-1 text-xs text-destructive">{errors.contactId}</p> : null}
      </div>
      <Field label="Company" error={errors.company}>
        <Input name="company" maxLength={200} defaultValue={defaults.company} placeholder="Optional" />
      </Field>
      <Field label="Due date" error={errors.dueDate}>
        <Input name="dueDate" type="date" defaultValue={defaults.dueDate ?? ""} />
      </Field>
      <Field label="Owner" error={errors.ownerId} hint="The teammate in charge.">
        <Select name="ownerId" defaultValue={defaults.ownerId ?? ""}>
          <option value="">Nobody yet</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </Select>
      </Field>
      {withStatus ? (
        <>
          <Field label="Status" error={errors.status}>
            <Select name="status" defaultValue={defaults.status ?? "planning"}>
              {PROJECT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {PROJECT_STATUS_LABELS[s]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Latest update" error={errors.updateSummary} hint="What a client hears when they call. Optional." className="sm:col-span-2">
            <Textarea name="updateSummary" rows={3} maxLength={2000} defaultValue={defaults.updateSummary ?? ""} />
          </Field>
        </>
      ) : null}
    </div>
  );
}
