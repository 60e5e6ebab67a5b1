import { forwardRef, type InputHTMLAttributes } from "react";
import { cn } from "./cn";

/** Shared look of text controls (input, textarea, select). */
export const controlClasses =
  "w-full rounded-md border border-input bg-background px-3 text-sm shadow-sm transition-colors " +
  "placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring " +
  "focus-visible:ring-offset-1 focus-visible:ring-offset-background disabled:cursor-not-allowed disabled:opacity-50 " +
  "aria-[invalid=true]:border-destructive aria-[invalid=true]:focus-visible:ring-destructive";

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(
  ({ className, type = "text", ...props }, ref) => (
    <input
      ref={ref}
      type={type}
      className={cn(controlClasses, "h-9 py-1 file:border-0 file:bg-transparent file:text-sm file:font-medium", className)}
      {...props}
    />
  ),
);
Input.displayName = "Input";
