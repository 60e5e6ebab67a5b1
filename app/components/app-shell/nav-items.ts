// The sections of the app, in sidebar order.
import {
  BookOpen,
  CalendarDays,
  FolderKanban,
  LayoutDashboard,
  Megaphone,
  Phone,
  Plug,
  Receipt,
  Settings,
  Users,
  Workflow,
  type LucideIcon,
} from "lucide-react";

export interface NavItem {
  label: string;
  to: string;
  icon: LucideIcon;
}

export const NAV_ITEMS: NavItem[] = [
  { label: "Dashboard", to: "/dashboard", icon: LayoutDashboard },
  { label: "Calls", to: "/calls", icon: Phone },
  { label: "Contacts", to: "/contacts", icon: Users },
  { label: "Appointments", to: "/appointments", icon: CalendarDays },
  { label: "Invoices", to: "/invoices", icon: Receipt },
  { label: "Projects", to: "/projects", icon: FolderKanban },
  { label: "Knowledge", to: "/knowledge", icon: BookOpen },
  { label: "Workflows", to: "/workflows", icon: Workflow },
  { label: "Campaigns", to: "/campaigns", icon: Megaphone },
  { label: "Integrations", to: "/integrations", icon: Plug },
];

export const SETTINGS_ITEM: NavItem = { label: "Settings", to: "/settings", icon: Settings };
