import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { serverCaller } from "../../trpc.server";
import { formErrors, safeRedirect, str } from "./auth-forms.server";

export const meta: MetaFunction = () => [{ title: "Log in · Switchboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = context.auth;
  if (auth) {
    const home = auth.user.isSuperAdmin && !auth.membership ? "/admin" : "/dashboard";
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")) ?? home);
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = str(form, "email");
  const resHeaders = new Headers();
  try {
    const { home } = await serverCaller(request, context, resHeaders).auth.login({ email, password: str(form, "password") });
    return redirect(safeRedirect(form.get("redirectTo")) ?? home, { headers: resHeaders });
  } catch (error) {
    return json({ errors: formErrors(error), values: { email } }, { status: 400 });
  }
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const redirectTo = params.get("redirectTo") ?? "";
  const signupHref = redirectTo ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : "/signup";
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Log in</CardTitle>
        <CardDescription>Welcome back. Sign in to your business.</CardDescription>
      </CardHeader>
      <CardContent>
        <Form method="post" className="grid gap-4" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {data?.errors.form ? <Alert variant="destructive">{data.errors.form}</Alert> : null}
          <Field label="E-mail" error={data?.errors.fields.email}>
            <Input
              name="email"
              type="email"
              autoComplete="email"
              required
              autoFocus
              defaultValue={data?.values.email ?? params.get("email") ?? ""}
            />
          </Field>
          <div className="grid gap-1.5">
            <Field label="Password" error={data?.errors.fields.password}>
              <Input name="password" type="password" autoComplete="current-password" required />
            </Field>
            <Link
              to="/forgot-password"
              className="justify-self-end text-xs text-muted-foreground underline-offset-4 hover:text-foreground hover:underline"
            >
              Forgot password?
            </Link>
          </div>
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? "Signing in…" : "Log in"}
          </Button>
        </Form>
        <p className="mt-4 text-center text-sm text-muted-foreground">
          New to Switchboard?{" "}
          <Link to={signupHref} className="font-medium text-foreground underline-offset-4 hover:underline">
            Create a business
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
