import { json, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { serverCaller } from "../../trpc.server";
import { formErrors, str } from "./auth-forms.server";

export const meta: MetaFunction = () => [{ title: "Reset your password · Switchboard" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const email = str(await request.formData(), "email");
  try {
    await serverCaller(request, context).auth.requestPasswordReset({ email });
    return json({ sent: true as const, email, errors: null });
  } catch (error) {
    // Rate limited (per e-mail and per address, account or not): "Too many attempts. Try again in N minutes."
    const status = error instanceof TRPCError && error.code === "TOO_MANY_REQUESTS" ? 429 : 400;
    return json({ sent: false as const, email, errors: formErrors(error) }, { status });
  }
}

export default function ForgotPassword() {
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (data?.sent) {
    return (
      <Card>
        <CardHeader>
          <CardTitle className="text-xl">Check your e-mail</CardTitle>
          <CardDescription>
            If an account exists for <span className="font-medium text-foreground">{data.email}</span>, we have sent it a
            link to choose a new password. The link works once, for 30 minutes.
          </CardDescription>
        </CardHeader>
        <CardContent className="text-sm text-muted-foreground">
          Nothing arrived? Check your spam folder. Where e-mail delivery is not set up, the message waits in the
          platform Outbox, where your Switchboard administrator can read it.{" "}<Link to="/login" className="font-medium text-foreground underline-offset-4 hover:underline">Back to log in</Link>
        </CardContent>
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Forgot your password?</CardTitle>
        <CardDescription>Enter your e-mail and we will send you a link to choose a new one.</CardDescription>
      </CardHeader>
      <CardContent>
        <Form method="post" className="grid gap-4" noValidate>
          {data?.errors?.form ? <Alert variant="destructive">{data.errors.form}</Alert> : null}
          <Field label="E-mail" error={data?.errors?.fields.email}>
            <Input name="email" type="email" autoComplete="email" required autoFocus defaultValue={data?.email} />
          </Field>
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? "Sending…" : "Send reset link"}
          </Button>
        </Form>
        <p className="mt-4 text-center text-sm text-muted-foreground">
          <Link to="/login" className="font-medium text-foreground underline-offset-4 hover:underline">
            Back to log in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
