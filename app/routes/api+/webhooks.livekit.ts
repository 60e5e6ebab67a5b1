// LiveKit webhooks: room, participant and egress events that move a call's status along.
// The Origin check skips /api/webhooks/*; the signature (WebhookReceiver) is the proof instead.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { livekitWebhookResponse } from "../../../server/telephony/webhook";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Method not allowed" }, { status: 405 });
  return livekitWebhookResponse(request);
}

export function loader() {
  return json({ error: "Method not allowed" }, { status: 405 });
}
