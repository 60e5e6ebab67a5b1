import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert } from "../../components/ui/alert";
import { Button, buttonClasses } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { redirectWithToast } from "../../toast.server";
import { serverCaller } from "../../trpc.server";
import { formErrors, MIN_PASSWORD_LENGTH, str } from "./auth-forms.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Switchboard" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const state = token.length >= 10 ? await serverCaller(request, context).auth.resetTokenState({ token }) : "invalid";
  return json({ state, minPasswordLength: MIN_PASSWORD_LENGTH });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const resHeaders = new Headers();
  try {
    const { home } = await serverCaller(request, context, resHeaders).auth.resetPassword({
      token: params.token ?? "",
      password: str(form, "password"),
    });
    return redirectWithToast(
      home,
      { type: "success", title: "Password changed", description: "Every other session has been signed out." },
      { headers: resHeaders },
    );
  } catch (error) {
    return json({ errors: formErrors(error) }, { status: 400 });
  }
}

export default function ResetPassword() {
  const { state, minPasswordLength } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (state !== "valid") {
    return (
      <Card>
        <CardHeader>
          <CardTitle className="text-xl">This link no longer works</CardTitle>
          <CardDescription>
            Reset links work once and expire after 30 minutes. Ask for a new one and use the newest e-mail.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Link to="/forgot-password" className={buttonClasses({ className: "w-full" })}>
            Send a new link
          </Link>
        </CardContent>
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Choose a new password</CardTitle>
        <CardDescription>After the change, every device signed in to your account is signed out.</CardDescription>
      </CardHeader>
      <CardContent>
        <Form method="post" className="grid gap-4" noValidate>
          {data?.errors.form ? <Alert variant="destructive">{data.errors.form}</Alert> : null}
          <Field label="New password" error={data?.errors.fields.password} hint={`At least ${minPasswordLength} characters.`}>
            <Input name="password" type="password" autoComplete="new-password" required autoFocus minLength={minPasswordLength} />
          </Field>
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? "Saving…" : "Change password"}
          </Button>
        </Form>
      </CardContent>
    </Card>
  );
}
