// "Are you sure?" for destructive actions. Either posts a Remix form (the usual case: the route's
// action does the work and redirects with a toast) or calls onConfirm.
import { Form } from "@remix-run/react";
import { useState, type ReactElement, type ReactNode } from "react";
import { Button } from "./button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "./dialog";

export interface ConfirmDialogProps {
  /** The element that opens the dialog (usually a Button). */
  trigger: ReactElement;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** Red confirm button; default true because this dialog guards destructive actions. */
  destructive?: boolean;
  /** Post these fields to `action` (default: the current route) when confirmed. */
  form?: { action?: string; fields: Record<string, string> };
  /** Called when confirmed, for actions that are not a form post. */
  onConfirm?: () => void;
}

export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  destructive = true,
  form,
  onConfirm,
}: ConfirmDialogProps) {
  const [open, setOpen] = useState(false);
  const variant = destructive ? "destructive" : "default";

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent role="alertdialog" hideClose>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          {description ? <DialogDescription>{description}</DialogDescription> : null}
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">{cancelLabel}</Button>
          </DialogClose>
          {form ? (
            // Closing on submit is safe: Remix reads the form data synchronously before unmount.
            <Form method="post" action={form.action} onSubmit={() => setOpen(false)}>
              {Object.entries(form.fields).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <Button type="submit" variant={variant} className="w-full sm:w-auto">
                {confirmLabel}
              </Button>
            </Form>
          ) : (
            <Button
              variant={variant}
              onClick={() => {
                setOpen(false);
                onConfirm?.();
              }}
            >
              {confirmLabel}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
