// Campaign settings per type, validated with zod at every write (Campaign.settings is JSON).
import { z } from "zod";
import type { CampaignType } from "../db/generated/enums";

export const reminderSettings = z.object({
  /** Call this many hours before the appointment (1 h to 7 days). */
  hoursBefore: z.number().int().min(1).max(168).default(24),
  /** Service id -> hours before, overriding the default for that service. */
  serviceOverrides: z.record(z.string().min(1), z.number().int().min(1).max(168)).default({}),
});

export const collectionsSettings = z.object({
  minDaysOverdue: z.number().int().min(0).max(3650).default(3),
  /** Decimal string, in the invoice's currency: invoices owing less are not called about. */
  minAmount: z.string().regex(/^\d{1,10}(\.\d{1,2})?$/).default("0"),
  /** Days overdue at which to call: [3, 10, 20] calls on days 3, 10 and 20. */
  cadenceDays: z.array(z.number().int().min(0).max(3650)).min(1).max(20).default([3, 10, 20]).transform((d) => [...new Set(d)].sort((a, b) => a - b)),
});

export const listSettings = z.object({
  /** Contacts carrying this tag (exact match). */
  tag: z.string().trim().min(1).max(100).optional(),
  /** Further filters: contacts created after, in a country. */
  filter: z.object({ createdAfter: z.string().datetime().optional(), country: z.string().length(2).optional() }).default({}),
});

export type ReminderSettings = z.infer<typeof reminderSettings>;
export type CollectionsSettings = z.infer<typeof collectionsSettings>;
export type ListSettings = z.infer<typeof listSettings>;

export const SETTINGS_BY_TYPE = { reminder: reminderSettings, collections: collectionsSettings, list: listSettings } as const;

export function parseCampaignSettings(type: "reminder", raw: unknown): ReminderSettings;
export function parseCampaignSettings(type: "collections", raw: unknown): CollectionsSettings;
export function parseCampaignSettings(type: "list", raw: unknown): ListSettings;
export function parseCampaignSettings(type: CampaignType, raw: unknown): ReminderSettings | CollectionsSettings | ListSettings;
export function parseCampaignSettings(type: CampaignType, raw: unknown) {
  return SETTINGS_BY_TYPE[type].parse(raw ?? {});
}
