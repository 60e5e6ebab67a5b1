import { AlertTriangle, CheckCircle2, Info, XCircle } from "lucide-react";
import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

const variants = {
  info: { box: "border-border bg-muted/40", icon: Info, iconClass: "text-muted-foreground" },
  success: { box: "border-success/40 bg-success/10", icon: CheckCircle2, iconClass: "text-success" },
  warning: { box: "border-warning/40 bg-warning/10", icon: AlertTriangle, iconClass: "text-warning" },
  destructive: { box: "border-destructive/40 bg-destructive/10", icon: XCircle, iconClass: "text-destructive" },
} as const;

export interface AlertProps extends Omit<HTMLAttributes<HTMLDivElement>, "title"> {
  variant?: keyof typeof variants;
  title?: ReactNode;
}

/** A message in the page flow. Errors use role="alert" so they are announced when they appear. */
export function Alert({ variant = "info", title, children, className, ...props }: AlertProps) {
  const v = variants[variant];
  const Icon = v.icon;
  return (
    <div
      role={variant === "destructive" ? "alert" : "status"}
      className={cn("flex gap-3 rounded-lg border p-3 text-sm", v.box, className)}
      {...props}
    >
      <Icon aria-hidden="true" className={cn("mt-0.5 size-4 shrink-0", v.iconClass)} />
      <div className="grid gap-1">
        {title ? <p className="font-medium leading-tight">{title}</p> : null}
        {children ? <div className="text-muted-foreground [&_a]:underline">{children}</div> : null}
      </div>
    </div>
  );
}
