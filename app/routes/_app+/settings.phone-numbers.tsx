// Phone numbers: the numbers a business answers on, which workflow answers each, and the caller id
// for outbound calls. With LiveKit configured, saving a number creates its SIP inbound trunk and
// dispatch rule; without it the page says what connecting LiveKit would unlock.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Phone, PhoneCall } from "lucide-react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { ADMIN_ROLES } from "../../../server/auth/types";
import { refusalMessage, refusalToast } from "../../components/action-errors.server";
import { Alert } from "../../components/ui/alert";
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

export const meta: MetaFunction = () => [{ title: "Phone numbers · Switchboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = serverCaller(request, context);
  const [status, numbers, workflows] = await Promise.all([
    caller.telephony.status(),
    caller.telephony.phoneNumbers.list(),
    caller.workflows.list({ includeArchived: false }),
  ]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({
    status,
    numbers,
    workflows: workflows.filter((w) => w.direction === "inbound").map((w) => ({ id: w.id, name: w.name, published: w.currentVersion !== null })),
    canManage: !!role && ADMIN_ROLES.includes(role),
  });
}

const optionalId = z.string().max(64).transform((v) => v || null);
const intents = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    number: z.string(),
    label: z.string().default(""),
    workflowId: optionalId.optional(),
    useForOutbound: z.literal("on").optional(),
    outboundTrunkId: z.string().default(""),
  }),
  z.object({ intent: z.literal("update"), id: z.string().min(1), workflowId: optionalId, useForOutbound: z.literal("on").optional() }),
  z.object({ intent: z.literal("remove"), id: z.string().min(1), e164: z.string().optional() }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = intents.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return jsonWithToast({ error: null as string | null }, { type: "error", title: "That request was not understood." }, { status: 400 });
  const input = parsed.data;
  const numbers = serverCaller(request, context).telephony.phoneNumbers;
  try {
    switch (input.intent) {
      case "add": {
        const added = await numbers.add({
          number: input.number,
          label: input.label,
          workflowId: input.workflowId ?? null,
          useForOutbound: input.useForOutbound === "on",
          outboundTrunkId: input.outboundTrunkId || null,
        });
        return redirectWithToast("/settings/phone-numbers", {
          type: "success",
          title: `${added.e164} added`,
          description: added.provisioned ? "LiveKit now routes calls to this number to your receptionist." : undefined,
        });
      }
      case "update":
        await numbers.update({ id: input.id, workflowId: input.workflowId, useForOutbound: input.useForOutbound === "on" ? true : undefined });
        return redirectWithToast("/settings/phone-numbers", { type: "success", title: "Phone number saved" });
      case "remove":
        await numbers.remove({ id: input.id });
        return redirectWithToast("/settings/phone-numbers", { type: "success", title: `${input.e164 ?? "Number"} removed` });
    }
  } catch (error) {
    return refusalToast(error, { error: refusalMessage(error) as string | null }, "Couldn't save the phone number");
  }
}

export default function PhoneNumbersPage() {
  const { status, numbers, workflows, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const adding = navigation.state !== "idle" && navigation.formData?.get("intent") === "add";
  const addForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (navigation.state === "idle" && !actionData?.error) addForm.current?.reset();
  }, [navigation.state, actionData]);

  return (
    <div className="grid gap-6">
      {!status.configured ? (
        <Alert title="LiveKit is not configured: numbers are stored but do not ring yet">
          <p>{status.unlocks}</p>
          <p className="mt-1">
            Set <code className="font-mono text-xs">{status.envVars.slice(0, 3).join(", ")}</code> (and an outbound trunk for dialling out), then save each number
            again to create its SIP trunk and dispatch rule. See docs/telephony.md.
          </p>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Phone numbers</CardTitle>
          <CardDescription>Calls to these numbers reach your AI receptionist. Each number can run its own workflow; the rest use the one under Inbound calls.</CardDescription>
        </CardHeader>
        <CardContent className="p-0">
          {numbers.length === 0 ? (
            <div className="p-6">
              <EmptyState icon={Phone} title="No phone numbers yet" description="Add the number you bought or ported at your SIP provider (Twilio, Telnyx...)." />
            </div>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Number</TableHead>
                  <TableHead>Answered by</TableHead>
                  <TableHead className="hidden md:table-cell">LiveKit</TableHead>
                  {canManage ? (
                    <TableHead className="hidden text-right sm:table-cell">
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  ) : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {numbers.map((n) => (
                  <TableRow key={n.id}>
                    <TableCell>
                      <div className="font-medium tabular-nums">{n.e164}</div>
                      <div className="flex flex-wrap gap-1 text-xs text-muted-foreground">
                        {n.label || null}
                        {n.useForOutbound ? <Badge variant="secondary">Caller ID for outbound</Badge> : null}
                      </div>
                      {canManage ? (
                        <div className="-ml-3 sm:hidden">
                          <RemoveNumber id={n.id} e164={n.e164} />
                        </div>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      {canManage ? (
                        <Form method="post" className="flex flex-wrap items-center gap-2">
                          <input type="hidden" name="intent" value="update" />
                          <input type="hidden" name="id" value={n.id} />
                          <Select name="workflowId" defaultValue={n.workflow?.id ?? ""} aria-label={`Workflow answering ${n.e164}`} className="w-40 sm:w-48">
                            <option value="">Business default</option>
                            {workflows.map((w) => (
                              <option key={w.id} value={w.id}>
                                {w.name}
                                {w.published ? "" : " (not published)"}
                              </option>
                            ))}
                          </Select>
                          <label className="flex items-center gap-1 text-xs">
                            <input type="checkbox" name="useForOutbound" defaultChecked={n.useForOutbound} className="size-4" /> Caller ID
                          </label>
                          <Button type="submit" size="sm" variant="outline">
                            Save
                          </Button>
                        </Form>
                      ) : (
                        (n.workflow?.name ?? "Business default")
                      )}
                    </TableCell>
                    <TableCell className="hidden md:table-cell">
                      {n.provisioned ? <Badge variant="success">Connected</Badge> : <Badge variant="outline">Not connected</Badge>}
                    </TableCell>
                    {canManage ? (
                      <TableCell className="hidden text-right sm:table-cell">
                        <RemoveNumber id={n.id} e164={n.e164} />
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      {canManage ? (
        <Card>
          <CardHeader>
            <CardTitle>Add a number</CardTitle>
            <CardDescription>The number must already be yours at your SIP provider, with its SIP trunk pointed at LiveKit.</CardDescription>
          </CardHeader>
          <CardContent>
            <Form method="post" ref={addForm} className="grid gap-4 sm:grid-cols-2">
              <input type="hidden" name="intent" value="add" />
              <Field label="Phone number" error={actionData?.error ?? undefined}>
                <Input name="number" required placeholder="+1 415 555 0123" autoComplete="off" />
              </Field>
              <Field label="Label" hint="Optional, e.g. Main line">
                <Input name="label" maxLength={100} />
              </Field>
              <Field label="Answered by">
                <Select name="workflowId" defaultValue="">
                  <option value="">Business default (Inbound calls)</option>
                  {workflows.map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Own outbound trunk" hint="Optional LiveKit trunk id (ST_...); default: LIVEKIT_SIP_OUTBOUND_TRUNK_ID">
                <Input name="outboundTrunkId" placeholder="ST_..." pattern="ST_[A-Za-z0-9]+" />
              </Field>
              <label className="flex items-center gap-2 text-sm sm:col-span-2">
                <input type="checkbox" name="useForOutbound" className="size-4" /> Use as caller ID for outbound calls
              </label>
              <div className="sm:col-span-2">
                <Button type="submit" disabled={adding}>
                  <PhoneCall aria-hidden="true" /> {adding ? "Adding…" : "Add number"}
                </Button>
              </div>
            </Form>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

function RemoveNumber({ id, e164 }: { id: string; e164: string }) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive">
          Remove
        </Button>
      }
      title={`Remove ${e164}?`}
      description="Calls to this number stop reaching the receptionist. Its SIP trunk and dispatch rule are deleted from LiveKit."
      confirmLabel="Remove"
      form={{ fields: { intent: "remove", id, e164 } }}
    />
  );
}
