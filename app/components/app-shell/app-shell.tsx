// The signed-in frame: sidebar (a drawer on small screens), skip link, and the page area.
import * as DialogPrimitive from "@radix-ui/react-dialog";
import { useLocation } from "@remix-run/react";
import { Menu, X } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { BusinessSwitcher } from "./business-switcher";
import { SidebarNav } from "./sidebar-nav";
import type { ShellBusiness, ShellUser } from "./types";
import { UserMenu } from "./user-menu";

export interface AppShellProps {
  user: ShellUser;
  business: ShellBusiness;
  businesses: ShellBusiness[];
  children: ReactNode;
}

function SidebarContents({
  user,
  business,
  businesses,
  onNavigate,
  inDrawer = false,
}: Omit<AppShellProps, "children"> & { onNavigate?: () => void; inDrawer?: boolean }) {
  return (
    <>
      {/* In the drawer, leave room for its close button. */}
      <div className={cn("border-b p-3", inDrawer && "pr-12")}>
        <BusinessSwitcher current={business} businesses={businesses} />
      </div>
      <SidebarNav onNavigate={onNavigate} />
      <div className="border-t p-3">
        <UserMenu user={user} />
      </div>
    </>
  );
}

export function AppShell({ user, business, businesses, children }: AppShellProps) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  // Any navigation (a link, a redirect after a form) closes the drawer.
  useEffect(() => setDrawerOpen(false), [location.key]);

  return (
    <div className="min-h-dvh bg-background">
      <a
        href="#main-content"
        className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-[100] focus:rounded-md focus:bg-primary focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-primary-foreground"
      >
        Skip to content
      </a>

      <aside className="fixed inset-y-0 left-0 z-30 hidden w-64 flex-col border-r bg-card lg:flex">
        <SidebarContents user={user} business={business} businesses={businesses} />
      </aside>

      <DialogPrimitive.Root open={drawerOpen} onOpenChange={setDrawerOpen}>
        <header className="sticky top-0 z-20 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur lg:hidden">
          <DialogPrimitive.Trigger asChild>
            <Button variant="ghost" size="icon" aria-label="Open menu">
              <Menu aria-hidden="true" />
            </Button>
          </DialogPrimitive.Trigger>
          <span className="truncate text-sm font-semibold">{business.name}</span>
        </header>
        <DialogPrimitive.Portal>
          <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/50 lg:hidden" />
          <DialogPrimitive.Content
            className="fixed inset-y-0 left-0 z-50 flex w-[85vw] max-w-72 flex-col border-r bg-card shadow-xl focus:outline-none lg:hidden"
            aria-describedby={undefined}
          >
            <DialogPrimitive.Title className="sr-only">Menu</DialogPrimitive.Title>
            <DialogPrimitive.Close asChild>
              <Button variant="ghost" size="icon" aria-label="Close menu" className="absolute right-2 top-3 z-10">
                <X aria-hidden="true" />
              </Button>
            </DialogPrimitive.Close>
            <SidebarContents
              user={user}
              business={business}
              businesses={businesses}
              onNavigate={() => setDrawerOpen(false)}
              inDrawer
            />
          </DialogPrimitive.Content>
        </DialogPrimitive.Portal>
      </DialogPrimitive.Root>

      <div className="lg:pl-64">
        <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 py-6 focus:outline-none sm:px-6 lg:px-8 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
