// Client projects: typed in by staff or synced from Asana / Jira / Monday, so the receptionist
// (and the phone agent) can answer "where is my project?". Services run inside the business's
// row-level-security transaction; every write leaves an audit entry.
import { z } from "zod";
import type { Tx } from "../db";
import { Prisma } from "../db";
import type { ProjectSource, ProjectStatus } from "../db/generated/enums";
import { recordAudit } from "../audit/log";
import { fromDbDate, isoDateSchema, toDbDate } from "../invoices/dates";
import { contactDisplayName } from "../invoices/invoices";
import { OPEN_PROJECT_STATUSES as OPEN_STATUSES, PROJECT_SOURCES, PROJECT_STATUS_LABELS, PROJECT_STATUSES } from "./status";

export interface ProjectContext {
  db: Tx;
  tenantId: string;
  /** The signed-in user, or null for the phone agent or a sync job. */
  actorId: string | null;
  ip?: string;
  /** Defaults to the real time; tests pass a fixed one. */
  now?: () => Date;
}

export class ProjectError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "INVALID",
    message: string,
  ) {
    super(message);
    this.name = "ProjectError";
  }
}

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().max(max);

export const createProjectInput = z
  .object({
    name: text(200).min(1, "Give the project a name"),
    company: text(200).default(""),
    contactId: id.nullish(),
    status: z.enum(PROJECT_STATUSES).default("planning"),
    updateSummary: text(2000).default(""),
    dueDate: isoDateSchema.nullish(),
    ownerId: id.nullish(),
    source: z.enum(PROJECT_SOURCES).default("manual"),
    externalId: text(200).min(1).nullish(),
  })
  .refine((p) => p.source === "manual" || p.externalId, { message: "A synced project needs its external id", path: ["externalId"] });
export type CreateProjectInput = z.input<typeof createProjectInput>;

export const updateStatusInput = z.object({ id, status: z.enum(PROJECT_STATUSES) });
export const updateTextInput = z.object({ id, updateSummary: text(2000) });
/** The details staff edit by hand; a field left out keeps its value, null clears it. */
export const updateDetailsInput = z.object({
  id,
  name: text(200).min(1, "Give the project a name").optional(),
  company: text(200).optional(),
  contactId: id.nullish(),
  dueDate: isoDateSchema.nullish(),
  ownerId: id.nullish(),
});
export type UpdateDetailsInput = z.input<typeof updateDetailsInput>;

export const listProjectsInput = z.object({
  status: z.enum(PROJECT_STATUSES).optional(),
  contactId: id.optional(),
  /** Part of the project's name or company, any case. */
  q: text(100).optional(),
  cursor: id.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListProjectsInput = z.input<typeof listProjectsInput>;

const projectInclude = {
  contact: { select: { id: true, givenName: true, familyName: true, company: true, phone: true } },
  owner: { select: { id: true, name: true } },
} satisfies Prisma.ProjectInclude;
type ProjectRow = Prisma.ProjectGetPayload<{ include: typeof projectInclude }>;

/** A project as the pages and the API show it: dates as "YYYY-MM-DD", names resolved. */
export interface ProjectView {
  id: string;
  name: string;
  company: string;
  status: ProjectStatus;
  statusLabel: string;
  updateSummary: string;
  updatedSummaryAt: Date | null;
  dueDate: string | null;
  contact: { id: string; name: string; phone: string | null } | null;
  owner: { id: string; name: string } | null;
  source: ProjectSource;
  externalId: string | null;
  lastSyncedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function toView(row: ProjectRow): ProjectView {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    status: row.status,
    statusLabel: PROJECT_STATUS_LABELS[row.status],
    updateSummary: row.updateSummary,
    updatedSummaryAt: row.updatedSummaryAt,
    dueDate: row.dueDate ? fromDbDate(row.dueDate) : null,
    contact: row.contact ? { id: row.contact.id, name: contactDisplayName(row.contact), phone: row.contact.phone } : null,
    owner: row.owner,
    source: row.source,
    externalId: row.externalId,
    lastSyncedAt: row.lastSyncedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const nowOf = (ctx: ProjectContext) => (ctx.now ? ctx.now() : new Date());

/**
 * Foreign keys are checked by PostgreSQL without row-level security, so an id from another
 * business would be accepted by the database: look it up through the tenant transaction first.
 */
async function assertReferences(ctx: ProjectContext, refs: { contactId?: string | null; ownerId?: string | null }) {
  if (refs.contactId) {
    const contact = await ctx.db.contact.findFirst({ where: { id: refs.contactId, tenantId: ctx.tenantId }, select: { id: true } });
    if (!contact) throw new ProjectError("INVALID", "That contact does not exist in this business.");
  }
  if (refs.ownerId) {
    const member = await ctx.db.membership.findFirst({ where: { userId: refs.ownerId, tenantId: ctx.tenantId }, select: { id: true } });
    if (!member) throw new ProjectError("INVALID", "The owner must be a member of this business.");
  }
}

async function findRow(ctx: ProjectContext, projectId: string): Promise<ProjectRow> {
  const row = await ctx.db.project.findFirst({ where: { id: projectId, tenantId: ctx.tenantId }, include: projectInclude });
  if (!row) throw new ProjectError("NOT_FOUND", "Project not found.");
  return row;
}

export async function getProject(ctx: ProjectContext, projectId: string): Promise<ProjectView> {
  return toView(await findRow(ctx, projectId));
}

export async function createProject(ctx: ProjectContext, rawInput: CreateProjectInput): Promise<ProjectView> {
  const input = createProjectInput.parse(rawInput);
  await assertReferences(ctx, input);
  if (input.externalId) {
    const clash = await ctx.db.project.findFirst({
      where: { tenantId: ctx.tenantId, source: input.source, externalId: input.externalId },
      select: { id: true },
    });
    if (clash) throw new ProjectError("INVALID", `A ${input.source} project with id ${input.externalId} already exists.`);
  }
  const row = await ctx.db.project.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      company: input.company,
      contactId: input.contactId ?? null,
      status: input.status,
      updateSummary: input.updateSummary,
      updatedSummaryAt: input.updateSummary ? nowOf(ctx) : null,
      dueDate: input.dueDate ? toDbDate(input.dueDate) : null,
      ownerId: input.ownerId ?? null,
      source: input.source,
      externalId: input.externalId ?? null,
      lastSyncedAt: input.source === "manual" ? null : nowOf(ctx),
    },
    include: projectInclude,
  });
  await audit(ctx, "project.created", row.id, { name: row.name, status: row.status, source: row.source });
  return toView(row);
}

export async function updateProjectStatus(ctx: ProjectContext, rawInput: z.input<typeof updateStatusInput>): Promise<ProjectView> {
  const input = updateStatusInput.parse(rawInput);
  const before = await findRow(ctx, input.id);
  if (before.status === input.status) return toView(before);
  const row = await ctx.db.project.update({ where: { id: before.id }, data: { status: input.status }, include: projectInclude });
  await audit(ctx, "project.status_changed", row.id, { from: before.status, to: row.status });
  return toView(row);
}

/** Replaces the latest-update text; its timestamp tells the caller how fresh the news is. */
export async function updateProjectText(ctx: ProjectContext, rawInput: z.input<typeof updateTextInput>): Promise<ProjectView> {
  const input = updateTextInput.parse(rawInput);
  const before = await findRow(ctx, input.id);
  if (before.updateSummary === input.updateSummary) return toView(before);
  const row = await ctx.db.project.update({
    where: { id: before.id },
    data: { updateSummary: input.updateSummary, updatedSummaryAt: input.updateSummary ? nowOf(ctx) : null },
    include: projectInclude,
  });
  // The text itself may hold client details; the audit trail keeps its length, not its words.
  await audit(ctx, "project.update_posted", row.id, { length: row.updateSummary.length });
  return toView(row);
}

/** Name, company, client contact, due date and owner; the audit entry names the fields changed. */
export async function updateProjectDetails(ctx: ProjectContext, rawInput: UpdateDetailsInput): Promise<ProjectView> {
  const input = updateDetailsInput.parse(rawInput);
  const before = await findRow(ctx, input.id);
  await assertReferences(ctx, { contactId: input.contactId, ownerId: input.ownerId });
  const data: Prisma.ProjectUncheckedUpdateInput = {};
  if (input.name !== undefined && input.name !== before.name) data.name = input.name;
  if (input.company !== undefined && input.company !== before.company) data.company = input.company;
  if (input.contactId !== undefined && (input.contactId ?? null) !== before.contactId) data.contactId = input.contactId ?? null;
  if (input.ownerId !== undefined && (input.ownerId ?? null) !== before.ownerId) data.ownerId = input.ownerId ?? null;
  if (input.dueDate !== undefined && (input.dueDate ?? null) !== (before.dueDate ? fromDbDate(before.dueDate) : null)) {
    data.dueDate = input.dueDate ? toDbDate(input.dueDate) : null;
  }
  const fields = Object.keys(data);
  if (fields.length === 0) return toView(before);
  const row = await ctx.db.project.update({ where: { id: before.id }, data, include: projectInclude });
  await audit(ctx, "project.updated", row.id, { fields });
  return toView(row);
}

/** Newest activity first; `nextCursor` pages on. */
export async function listProjects(ctx: ProjectContext, rawInput: ListProjectsInput = {}): Promise<{ items: ProjectView[]; nextCursor: string | null }> {
  const input = listProjectsInput.parse(rawInput);
  const where: Prisma.ProjectWhereInput = { tenantId: ctx.tenantId };
  if (input.status) where.status = input.status;
  if (input.contactId) where.contactId = input.contactId;
  if (input.q) {
    where.OR = [
      { name: { contains: input.q, mode: "insensitive" } },
      { company: { contains: input.q, mode: "insensitive" } },
    ];
  }
  const rows = await ctx.db.project.findMany({
    where,
    include: projectInclude,
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const more = rows.length > input.limit;
  const items = (more ? rows.slice(0, input.limit) : rows).map(toView);
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

export interface ProjectStatusAnswer {
  name: string;
  status: ProjectStatus;
  statusLabel: string;
  updateSummary: string;
  updatedSummaryAt: Date | null;
  dueDate: string | null;
  /** One sentence the agent can read out as it is. */
  sentence: string;
}

/**
 * "Where is my project?" for a caller already identified as `contactId`: open projects first
 * (newest news first), then up to three finished ones. Empty when the caller has none.
 */
export async function projectStatusForContact(ctx: ProjectContext, contactId: string): Promise<ProjectStatusAnswer[]> {
  const rows = await ctx.db.project.findMany({
    where: { tenantId: ctx.tenantId, contactId },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: 50,
  });
  const open = rows.filter((r) => OPEN_STATUSES.includes(r.status));
  const finished = rows.filter((r) => !OPEN_STATUSES.includes(r.status)).slice(0, 3);
  return [...open, ...finished].map((r) => {
    const dueDate = r.dueDate ? fromDbDate(r.dueDate) : null;
    const parts = [`${r.name}: ${PROJECT_STATUS_LABELS[r.status].toLowerCase()}.`];
    if (r.updateSummary) parts.push(`Latest update${r.updatedSummaryAt ? ` (${fromDbDate(r.updatedSummaryAt)})` : ""}: ${r.updateSummary}`);
    if (dueDate && OPEN_STATUSES.includes(r.status)) parts.push(`Due ${dueDate}.`);
    return {
      name: r.name,
      status: r.status,
      statusLabel: PROJECT_STATUS_LABELS[r.status],
      updateSummary: r.updateSummary,
      updatedSummaryAt: r.updatedSummaryAt,
      dueDate,
      sentence: parts.join(" "),
    };
  });
}

function audit(ctx: ProjectContext, action: string, targetId: string, meta: Record<string, unknown>) {
  return recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action, targetType: "project", targetId, ip: ctx.ip, meta });
}
