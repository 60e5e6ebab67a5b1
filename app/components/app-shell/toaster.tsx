// Shows server toasts (from app/toast.server.ts via the root loader) with sonner, once each.
import { useEffect } from "react";
import { Toaster as Sonner, toast as showToast } from "sonner";
import type { ShownToast } from "../../toast.server";

export function Toaster({ toast, theme }: { toast: ShownToast | null; theme: "light" | "dark" | null }) {
  useEffect(() => {
    if (!toast) return;
    // Sonner de-duplicates by id, so a revalidation that returns the same toast shows it once.
    const options = { id: toast.id, description: toast.description };
    if (toast.type === "success") showToast.success(toast.title, options);
    else if (toast.type === "error") showToast.error(toast.title, options);
    else showToast.info(toast.title, options);
  }, [toast]);

  return <Sonner theme={theme ?? "system"} position="bottom-right" closeButton richColors />;
}
