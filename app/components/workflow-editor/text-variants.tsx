// Edits a template text that may have variants (the runtime rotates through them so the agent
// does not repeat itself word for word): one textarea per variant, add and remove.
import { Plus, X } from "lucide-react";
import { useId } from "react";
import { Button } from "../ui/button";
import { Label } from "../ui/label";
import { Textarea } from "../ui/textarea";

export function TextVariants({
  label,
  value,
  onChange,
  optional = false,
  hint,
  name,
}: {
  label: string;
  value: string | string[] | undefined;
  onChange: (value: string | string[] | undefined) => void;
  optional?: boolean;
  hint?: string;
  name: string;
}) {
  const id = useId();
  const variants = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const shown = variants.length === 0 && !optional ? [""] : variants;
  const set = (next: string[]) => {
    const cleaned = next;
    if (cleaned.length === 0) onChange(undefined);
    else if (cleaned.length === 1) onChange(cleaned[0] === "" && optional ? undefined : cleaned[0]);
    else onChange(cleaned);
  };
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={`${id}-0`}>
        {label}
        {optional ? <span className="font-normal text-muted-foreground"> (optional)</span> : null}
      </Label>
      {shown.map((text, i) => (
        <div key={i} className="flex items-start gap-1">
          <Textarea
            id={`${id}-${i}`}
            name={`${name}.${i}`}
            rows={2}
            value={text}
            aria-label={i === 0 ? undefined : `${label}, variant ${i + 1}`}
            onChange={(e) => set(shown.map((t, j) => (j === i ? e.target.value : t)))}
          />
          {shown.length > 1 || optional ? (
            <Button variant="ghost" size="icon" className="size-8" aria-label={`Remove variant ${i + 1}`} onClick={() => set(shown.filter((_, j) => j !== i))}>
              <X aria-hidden="true" />
            </Button>
          ) : null}
        </div>
      ))}
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-muted-foreground">{hint}</p>
        <Button variant="ghost" size="sm" onClick={() => set([...shown, ""])}>
          <Plus aria-hidden="true" /> {shown.length === 0 ? "Add" : "Variant"}
        </Button>
      </div>
    </div>
  );
}
