// Picks who an appointment is for: type a name, phone or e-mail, choose from the matches
// (arrow keys and Enter work), and the form posts the contact's id as `contactId`.
import { useFetcher } from "@remix-run/react";
import { X } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Input } from "../ui/input";
import { Label } from "../ui/label";

interface ContactOption {
  id: string;
  name: string;
  detail: string;
}

export interface ContactPickerProps {
  initial?: ContactOption | null;
  /** Defaults fit the booking form; the contact page's merge dialog picks "the other contact". */
  label?: string;
  name?: string;
  hint?: string;
  /** A contact never offered (the one being merged into). */
  excludeId?: string;
  onChoose?: (option: ContactOption | null) => void;
}

export function ContactPicker({
  initial,
  label = "Contact",
  name = "contactId",
  hint = "Optional. Leave empty for a walk-in or a blocked slot.",
  excludeId,
  onChoose,
}: ContactPickerProps) {
  const id = useId();
  const fetcher = useFetcher<{ contacts: ContactOption[] }>();
  const [chosen, setChosen] = useState<ContactOption | null>(initial ?? null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const options = query.trim() ? (fetcher.data?.contacts ?? []).filter((o) => o.id !== excludeId) : [];

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    // A short pause so typing "rosa" asks once, not four times.
    const timer = setTimeout(() => fetcher.load(`/appointments/contact-search?q=${encodeURIComponent(q)}`), 200);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fetcher.load is stable in practice; its identity is not
  }, [query]);

  const choose = (option: ContactOption | null) => {
    setChosen(option);
    onChoose?.(option);
    setQuery("");
    setOpen(false);
  };

  return (
    <div className="grid gap-1.5">
      <Label htmlFor={`${id}-input`}>{label}</Label>
      <input type="hidden" name={name} value={chosen?.id ?? ""} />
      {chosen ? (
        <div className="flex h-9 items-center justify-between gap-2 rounded-md border bg-muted/40 px-3 text-sm">
          <span className="truncate">
            <span className="font-medium">{chosen.name}</span>
            {chosen.detail ? <span className="text-muted-foreground"> · {chosen.detail}</span> : null}
          </span>
          <Button variant="ghost" size="icon" className="size-7" aria-label={`Remove ${chosen.name}`} onClick={() => choose(null)}>
            <X aria-hidden="true" />
          </Button>
        </div>
      ) : (
        <div className="relative">
          <Input
            id={`${id}-input`}
            role="combobox"
            aria-expanded={open && options.length > 0}
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-activedescendant={open && options[active] ? `${id}-opt-${active}` : undefined}
            autoComplete="off"
            placeholder="Search by name, phone or e-mail"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
              setOpen(true);
            }}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") {
                e.preventDefault();
                setOpen(true);
                setActive((i) => Math.min(i + 1, options.length - 1));
              } else if (e.key === "ArrowUp") {
                e.preventDefault();
                setActive((i) => Math.max(i - 1, 0));
              } else if (e.key === "Enter" && open && options[active]) {
                e.preventDefault();
                choose(options[active]!);
              } else if (e.key === "Escape") {
                setOpen(false);
              }
            }}
          />
          {open && query.trim() ? (
            <ul id={`${id}-list`} role="listbox" className="absolute z-30 mt-1 max-h-64 w-full overflow-auto rounded-md border bg-card p-1 shadow-md">
              {options.length === 0 ? (
                <li className="px-2 py-1.5 text-sm text-muted-foreground">{fetcher.state === "idle" ? "No matching contacts" : "Searching…"}</li>
              ) : (
                options.map((o, i) => (
                  <li
                    key={o.id}
                    id={`${id}-opt-${i}`}
                    role="option"
                    aria-selected={i === active}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => choose(o)}
                    className={cn("cursor-pointer rounded-sm px-2 py-1.5 text-sm", i === active && "bg-accent text-accent-foreground")}
                  >
                    <div className="font-medium">{o.name}</div>
                    {o.detail ? <div className="text-xs text-muted-foreground">{o.detail}</div> : null}
                  </li>
                ))
              )}
            </ul>
          ) : null}
        </div>
      )}
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
    </div>
  );
}
