import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { serverCaller } from "../../trpc.server";
import { formErrors, MIN_PASSWORD_LENGTH, safeRedirect, str } from "./auth-forms.server";

export const meta: MetaFunction = () => [{ title: "Create a business · Switchboard" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.auth?.membership) throw redirect("/dashboard");
  // Sent by the loader: the password module (argon2) must stay out of the browser bundle.
  return json({ minPasswordLength: MIN_PASSWORD_LENGTH });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { businessName: str(form, "businessName"), name: str(form, "name"), email: str(form, "email") };
  const resHeaders = new Headers();
  try {
    const { home } = await serverCaller(request, context, resHeaders).auth.signup({ ...values, password: str(form, "password") });
    return redirect(safeRedirect(form.get("redirectTo")) ?? home, { headers: resHeaders });
  } catch (error) {
    return json({ errors: formErrors(error), values }, { status: 400 });
  }
}

export default function Signup() {
  const { minPasswordLength } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = data?.errors.fields;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Create your business</CardTitle>
        <CardDescription>Set up Switchboard for your business. You will be its owner.</CardDescription>
      </CardHeader>
      <CardContent>
        <Form method="post" className="grid gap-4" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          {data?.errors.form ? <Alert variant="destructive">{data.errors.form}</Alert> : null}
          <Field label="Business name" error={errors?.businessName}>
            <Input name="businessName" autoComplete="organization" required autoFocus defaultValue={data?.values.businessName} />
          </Field>
          <Field label="Your name" error={errors?.name}>
            <Input name="name" autoComplete="name" required defaultValue={data?.values.name} />
          </Field>
          <Field label="E-mail" error={errors?.email}>
            <Input name="email" type="email" autoComplete="email" required defaultValue={data?.values.email} />
          </Field>
          <Field label="Password" error={errors?.password} hint={`At least ${minPasswordLength} characters.`}>
            <Input name="password" type="password" autoComplete="new-password" required minLength={minPasswordLength} />
          </Field>
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? "Creating…" : "Create business"}
          </Button>
        </Form>
        <p className="mt-4 text-center text-sm text-muted-foreground">
          Already have an account?{" "}
          <Link to="/login" className="font-medium text-foreground underline-offset-4 hover:underline">
            Log in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
