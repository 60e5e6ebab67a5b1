// Team: who is in the business and with which role, pending invites, and inviting someone.
// Owners and admins manage it; staff and viewers see the member list only.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { TRPCError } from "@trpc/server";
import { MailPlus, Users } from "lucide-react";
import { z } from "zod";
import { AuthError } from "../../../server/auth/errors";
import { ADMIN_ROLES, type Role } from "../../../server/auth/types";
import { refusalToast } from "../../components/action-errors.server";
import { ROLE_LABELS } from "../../components/app-shell/role-label";
import { formatDate, useBusinessTimeZone } from "../../components/business-time";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { Select } from "../../components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Team · Switchboard" }];

const ROLES: Role[] = ["owner", "admin", "staff", "viewer"];
const ROLE_HINTS: Record<Role, string> = {
  owner: "Everything, including ownership",
  admin: "Manage team, settings and integrations",
  staff: "Work with calls, contacts and bookings",
  viewer: "Read only",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const team = await serverCaller(request, context).team.list().catch(rethrowAsResponse);
  const auth = context.auth;
  const role = auth?.membership?.role ?? null;
  return json({ ...team, myUserId: auth?.user.id ?? null, myRole: role, canManage: !!role && ADMIN_ROLES.includes(role) });
}

const role = z.enum(["owner", "admin", "staff", "viewer"]);
const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), email: z.string(), role }),
  z.object({ intent: z.literal("changeRole"), membershipId: z.string().min(1), role }),
  z.object({ intent: z.literal("remove"), membershipId: z.string().min(1), name: z.string().optional() }),
  z.object({ intent: z.literal("revokeInvite"), id: z.string().min(1), email: z.string().optional() }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = intents.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return jsonWithToast({ errors: {} as Record<string, string> }, { type: "error", title: "That request was not understood." }, { status: 400 });
  const input = parsed.data;
  const team = serverCaller(request, context).team;
  try {
    switch (input.intent) {
      case "invite":
        await team.invite({ email: input.email, role: input.role });
        return redirectWithToast("/settings/team", {
          type: "success",
          title: `Invite sent to ${input.email.trim().toLowerCase()}`,
          description: "They have 7 days to accept. Unsent mail waits in the Outbox.",
        });
      case "changeRole":
        await team.changeRole({ membershipId: input.membershipId, role: input.role });
        return redirectWithToast("/settings/team", { type: "success", title: `Role changed to ${ROLE_LABELS[input.role]}` });
      case "remove":
        await team.remove({ membershipId: input.membershipId });
        return redirectWithToast("/settings/team", { type: "success", title: `${input.name ?? "Member"} removed from the team` });
      case "revokeInvite":
        await team.revokeInvite({ id: input.id });
        return redirectWithToast("/settings/team", { type: "success", title: `Invite to ${input.email ?? "them"} revoked` });
    }
  } catch (error) {
    // An invite refused for one field (the email): shown under that field instead of a toast.
    if (input.intent === "invite" && error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      const field = error.cause instanceof AuthError ? error.cause.field : error.code === "BAD_REQUEST" ? "email" : undefined;
      if (field) return json({ errors: { [field]: error.message } as Record<string, string> }, { status: 400 });
    }
    return refusalToast(error, { errors: {} as Record<string, string> }, "Couldn't update the team");
  }
}


export default function TeamSettings() {
  const { members, invites, myUserId, myRole, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const inviting = navigation.state === "submitting" && navigation.formData?.get("intent") === "invite";
  // Only an owner may hand out ownership (the server enforces it; the form just doesn't offer it).
  const assignable = ROLES.filter((r) => r !== "owner" || myRole === "owner");
  const ownerCount = members.filter((m) => m.role === "owner").length;
  const timeZone = useBusinessTimeZone();
  // A sent invite redirects back here (new location): clear the form for the next one.
  const inviteForm = useRef<HTMLFormElement>(null);
  const location = useLocation();
  useEffect(() => {
    inviteForm.current?.reset();
  }, [location.key]);

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      {canManage ? (
        <Card>
          <CardHeader>
            <CardTitle>Invite a teammate</CardTitle>
            <CardDescription>They get an e-mail with a link to join. It works for 7 days.</CardDescription>
          </CardHeader>
          <CardContent>
            <Form ref={inviteForm} method="post" className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-start" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <Field label="E-mail" error={actionData?.errors.email}>
                <Input name="email" type="email" autoComplete="off" placeholder="name@example.com" required />
              </Field>
              <Field label="Role" error={actionData?.errors.role}>
                <Select name="role" defaultValue="staff">
                  {assignable.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]} — {ROLE_HINTS[r]}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button type="submit" className="sm:mt-6" disabled={inviting}>
                <MailPlus aria-hidden="true" /> {inviting ? "Sending…" : "Send invite"}
              </Button>
            </Form>
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <CardDescription>
            {canManage ? "Change a role or remove someone. Removing ends their sessions in this business." : "Only owners and admins can change the team."}
          </CardDescription>
        </CardHeader>
        <CardContent className="p-0">
          {members.length === 0 ? (
            <EmptyState icon={Users} title="No members yet" className="m-5" />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead className="hidden sm:table-cell">Joined</TableHead>
                  {canManage ? <TableHead className="text-right">Actions</TableHead> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {members.map((m) => {
                  const isMe = m.user.id === myUserId;
                  // The last owner cannot be demoted or removed (the server refuses it too).
                  const lastOwner = m.role === "owner" && ownerCount === 1;
                  const locked = !canManage || lastOwner || (m.role === "owner" && myRole !== "owner");
                  // Controlled by the stored role, showing a pending change at once; a refused
                  // change (e.g. the last owner) falls back to what is stored.
                  const pending =
                    navigation.formData?.get("intent") === "changeRole" && navigation.formData.get("membershipId") === m.id
                      ? String(navigation.formData.get("role"))
                      : null;
                  return (
                    <TableRow key={m.id}>
                      <TableCell>
                        <div className="font-medium">
                          {m.user.name} {isMe ? <span className="text-xs font-normal text-muted-foreground">(you)</span> : null}
                        </div>
                        <div className="text-xs text-muted-foreground">{m.user.email}</div>
                      </TableCell>
                      <TableCell>
                        {locked ? (
                          <Badge variant={m.role === "owner" ? "default" : "secondary"}>{ROLE_LABELS[m.role]}</Badge>
                        ) : (
                          <Select
                            aria-label={`Role of ${m.user.name}`}
                            value={pending ?? m.role}
                            className="w-32"
                            onChange={(e) =>
                              submit({ intent: "changeRole", membershipId: m.id, role: e.target.value }, { method: "post" })
                            }
                          >
                            {assignable.map((r) => (
                              <option key={r} value={r}>
                                {ROLE_LABELS[r]}
                              </option>
                            ))}
                          </Select>
                        )}
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground sm:table-cell">{formatDate(m.createdAt, timeZone)}</TableCell>
                      {canManage ? (
                        <TableCell className="text-right">
                          {locked ? null : (
                            <ConfirmDialog
                              trigger={
                                <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive">
                                  {isMe ? "Leave" : "Remove"}
                                </Button>
                              }
                              title={isMe ? "Leave this business?" : `Remove ${m.user.name}?`}
                              description={
                                isMe
                                  ? "You will lose access to this business straight away."
                                  : `${m.user.email} loses access straight away and is signed out of this business.`
                              }
                              confirmLabel={isMe ? "Leave" : "Remove"}
                              form={{ fields: { intent: "remove", membershipId: m.id, name: m.user.name } }}
                            />
                          )}
                        </TableCell>
                      ) : null}
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      {canManage ? (
        <Card>
          <CardHeader>
            <CardTitle>Pending invites</CardTitle>
            <CardDescription>Invites that have not been accepted yet.</CardDescription>
          </CardHeader>
          <CardContent className={invites.length === 0 ? undefined : "p-0"}>
            {invites.length === 0 ? (
              <p className="text-sm text-muted-foreground">No pending invites.</p>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>E-mail</TableHead>
                    <TableHead>Role</TableHead>
                    <TableHead className="hidden sm:table-cell">Expires</TableHead>
                    <TableHead className="text-right">Actions</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {invites.map((invite) => (
                    <TableRow key={invite.id}>
                      <TableCell className="font-medium">{invite.email}</TableCell>
                      <TableCell>
                        <Badge variant="outline">{ROLE_LABELS[invite.role]}</Badge>
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground sm:table-cell">{formatDate(invite.expiresAt, timeZone)}</TableCell>
                      <TableCell className="text-right">
                        {invite.role === "owner" && myRole !== "owner" ? null : (
                          <ConfirmDialog
                            trigger={
                              <Button variant="ghost" size="sm">
                                Revoke
                              </Button>
                            }
                            title={`Revoke the invite to ${invite.email}?`}
                            description="The link in their e-mail stops working. You can invite them again later."
                            confirmLabel="Revoke invite"
                            form={{ fields: { intent: "revokeInvite", id: invite.id, email: invite.email } }}
                          />
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
