// Joins class names and lets a later Tailwind class override an earlier one
// (so `<Button className="w-full">` wins over the variant's width).
import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}
