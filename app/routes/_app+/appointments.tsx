import type { MetaFunction } from "@remix-run/node";
import { CalendarDays } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Appointments · Switchboard" }];

export default function AppointmentsPage() {
  return (
    <>
      <PageHeader title="Appointments" description="Bookings made by your team or the receptionist." />
      <EmptyState
        icon={CalendarDays}
        title="Appointments arrive with scheduling"
        description="The receptionist will book, move and cancel appointments within your business hours, and reminder calls will confirm them."
      />
    </>
  );
}
