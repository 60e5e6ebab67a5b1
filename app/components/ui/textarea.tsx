import { forwardRef, type TextareaHTMLAttributes } from "react";
import { cn } from "./cn";
import { controlClasses } from "./input";

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>(
  ({ className, rows = 4, ...props }, ref) => (
    <textarea ref={ref} rows={rows} className={cn(controlClasses, "min-h-[4.5rem] py-2", className)} {...props} />
  ),
);
Textarea.displayName = "Textarea";
