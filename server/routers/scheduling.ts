// Scheduling: staff, services, hours, closures and booking rules (owners and admins change them),
// appointments (staff and up), free-slot search and the pre-save check (any member).
// Booking and moving answer a taken or unavailable time with a value carrying the next free
// times, so a form or the phone agent can offer them instead of showing an error page.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { adminProcedure, router, staffProcedure, tenantProcedure } from "../trpc/init";
import type { Tx } from "../db";
import type { SchedulingContext } from "../scheduling/context";
import { SchedulingError, SlotTakenError, SlotUnavailableError, type BookingIssue, type SlotSuggestion } from "../scheduling/errors";
import {
  book,
  bookInput,
  cancel,
  cancelInput,
  complete,
  confirm,
  idInput,
  listAppointments,
  listInput,
  listRange,
  markNoShow,
  rangeInput,
  reschedule,
  rescheduleInput,
  showAppointment,
  type AppointmentView,
} from "../scheduling/appointments";
import { createClosure, createClosureInput, listClosures, listClosuresInput, removeClosure } from "../scheduling/closures";
import { createService, createServiceInput, getService, listServices, listServicesInput, updateService, updateServiceInput } from "../scheduling/services";
import { bookingRulesInput, getBookingRules, updateBookingRules } from "../scheduling/settings";
import { checkTime, checkTimeInput, findSlots, findSlotsInput } from "../scheduling/slots";
import { createStaff, createStaffInput, getStaff, listStaff, listStaffInput, setWeeklyHours, updateStaff, updateStaffInput, weeklyHoursInput } from "../scheduling/staff";

function scheduling(ctx: { db: Tx; tenantId: string; user: { id: string }; ip: string }): SchedulingContext {
  return { db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id, ip: ctx.ip };
}

const TRPC_CODE = { not_found: "NOT_FOUND", invalid_state: "CONFLICT", invalid_input: "BAD_REQUEST" } as const;

/** Expected scheduling failures as tRPC errors with their own message; anything else unchanged. */
function asTrpcError(error: unknown): unknown {
  if (error instanceof SchedulingError) return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
  if (error instanceof SlotTakenError || error instanceof SlotUnavailableError) {
    return new TRPCError({ code: "CONFLICT", message: error.message, cause: error });
  }
  return error;
}

async function expected<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asTrpcError(error);
  }
}

export type BookingResult =
  | { ok: true; appointment: AppointmentView }
  | { ok: false; reason: "slot_taken" | "slot_unavailable"; message: string; issues: BookingIssue[]; nextSlots: SlotSuggestion[] };

async function booking(work: Promise<AppointmentView>): Promise<BookingResult> {
  try {
    return { ok: true, appointment: await work };
  } catch (error) {
    if (error instanceof SlotTakenError) {
      return { ok: false, reason: "slot_taken", message: error.message, issues: [], nextSlots: error.nextSlots };
    }
    if (error instanceof SlotUnavailableError) {
      return { ok: false, reason: "slot_unavailable", message: error.message, issues: error.issues, nextSlots: error.nextSlots };
    }
    throw asTrpcError(error);
  }
}

export const schedulingRouter = router({
  rules: router({
    get: tenantProcedure.query(({ ctx }) => getBookingRules(scheduling(ctx))),
    update: adminProcedure.input(bookingRulesInput).mutation(({ ctx, input }) => updateBookingRules(scheduling(ctx), input)),
  }),

  staff: router({
    list: tenantProcedure.input(listStaffInput).query(({ ctx, input }) => listStaff(scheduling(ctx), input)),
    get: tenantProcedure.input(idInput).query(({ ctx, input }) => expected(getStaff(scheduling(ctx), input.id))),
    create: adminProcedure.input(createStaffInput).mutation(({ ctx, input }) => expected(createStaff(scheduling(ctx), input))),
    update: adminProcedure.input(updateStaffInput).mutation(({ ctx, input }) => expected(updateStaff(scheduling(ctx), input))),
    setHours: adminProcedure.input(weeklyHoursInput).mutation(({ ctx, input }) => expected(setWeeklyHours(scheduling(ctx), input))),
    /** The staff settings page's one save: details and weekly hours commit together or not at all (one procedure, one transaction). */
    save: adminProcedure
      .input(z.object({ details: updateStaffInput, days: weeklyHoursInput.shape.days }))
      .mutation(({ ctx, input }) =>
        expected(
          (async () => {
            await setWeeklyHours(scheduling(ctx), { staffId: input.details.id, days: input.days });
            return updateStaff(scheduling(ctx), input.details);
          })(),
        ),
      ),
  }),

  services: router({
    list: tenantProcedure.input(listServicesInput).query(({ ctx, input }) => listServices(scheduling(ctx), input)),
    get: tenantProcedure.input(idInput).query(({ ctx, input }) => expected(getService(scheduling(ctx), input.id))),
    create: adminProcedure.input(createServiceInput).mutation(({ ctx, input }) => expected(createService(scheduling(ctx), input))),
    update: adminProcedure.input(updateServiceInput).mutation(({ ctx, input }) => expected(updateService(scheduling(ctx), input))),
  }),

  closures: router({
    list: tenantProcedure.input(listClosuresInput).query(({ ctx, input }) => listClosures(scheduling(ctx), input)),
    create: adminProcedure.input(createClosureInput).mutation(({ ctx, input }) => expected(createClosure(scheduling(ctx), input))),
    remove: adminProcedure.input(idInput).mutation(({ ctx, input }) => expected(removeClosure(scheduling(ctx), input.id))),
  }),

  findSlots: tenantProcedure.input(findSlotsInput).query(({ ctx, input }) => expected(findSlots(scheduling(ctx), input))),
  /** The form's "conflicts shown before saving". */
  check: tenantProcedure.input(checkTimeInput).query(({ ctx, input }) => expected(checkTime(scheduling(ctx), input))),

  appointments: router({
    range: tenantProcedure.input(rangeInput).query(({ ctx, input }) => listRange(scheduling(ctx), input)),
    list: tenantProcedure.input(listInput).query(({ ctx, input }) => listAppointments(scheduling(ctx), input)),
    get: tenantProcedure.input(idInput).query(({ ctx, input }) => expected(showAppointment(scheduling(ctx), input.id))),
    book: staffProcedure.input(bookInput).mutation(({ ctx, input }) => booking(book(scheduling(ctx), input))),
    reschedule: staffProcedure.input(rescheduleInput).mutation(({ ctx, input }) => booking(reschedule(scheduling(ctx), input))),
    cancel: staffProcedure.input(cancelInput).mutation(({ ctx, input }) => expected(cancel(scheduling(ctx), input))),
    confirm: staffProcedure.input(idInput).mutation(({ ctx, input }) => expected(confirm(scheduling(ctx), input))),
    complete: staffProcedure.input(idInput).mutation(({ ctx, input }) => expected(complete(scheduling(ctx), input))),
    noShow: staffProcedure.input(idInput).mutation(({ ctx, input }) => expected(markNoShow(scheduling(ctx), input))),
  }),
});
