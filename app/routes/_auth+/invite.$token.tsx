import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert } from "../../components/ui/alert";
import { Button, buttonClasses } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { ROLE_LABELS } from "../../components/app-shell/role-label";
import { redirectWithToast } from "../../toast.server";
import { serverCaller } from "../../trpc.server";
import { formErrors, MIN_PASSWORD_LENGTH, str } from "./auth-forms.server";

export const meta: MetaFunction = () => [{ title: "Join a business · Switchboard" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  // The page links back to itself through log-in, so it needs its own path.
  const path = new URL(request.url).pathname;
  const page = { path, minPasswordLength: MIN_PASSWORD_LENGTH };
  if (token.length < 10) return json({ invite: null, signedInAs: context.auth?.user.email ?? null, ...page });
  return json({ ...(await serverCaller(request, context).auth.getInvite({ token })), ...page });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { name: str(form, "name") };
  const resHeaders = new Headers();
  const caller = serverCaller(request, context, resHeaders);
  try {
    const token = params.token ?? "";
    const { home } = await caller.auth.acceptInvite(
      context.auth ? { token } : { token, name: values.name, password: str(form, "password") },
    );
    const { invite } = await caller.auth.getInvite({ token });
    return redirectWithToast(
      home,
      { type: "success", title: invite ? `Welcome to ${invite.businessName}` : "You joined the business" },
      { headers: resHeaders },
    );
  } catch (error) {
    return json({ errors: formErrors(error), values }, { status: 400 });
  }
}

export default function AcceptInvite() {
  const { invite, signedInAs, path, minPasswordLength } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";

  if (!invite || invite.state !== "valid") {
    return (
      <Card>
        <CardHeader>
          <CardTitle className="text-xl">This invite can't be used</CardTitle>
          <CardDescription>{invite?.stateMessage ?? "This invite link is not valid. Check that you copied the whole link."}</CardDescription>
        </CardHeader>
        <CardContent>
          <Link to="/login" className={buttonClasses({ variant: "outline", className: "w-full" })}>
            Go to log in
          </Link>
        </CardContent>
      </Card>
    );
  }

  const role = ROLE_LABELS[invite.role];
  const loginHref = `/login?redirectTo=${encodeURIComponent(path)}&email=${encodeURIComponent(invite.email)}`;
  const header = (
    <CardHeader>
      <CardTitle className="text-xl">Join {invite.businessName}</CardTitle>
      <CardDescription>
        You are invited as <span className="font-medium text-foreground">{role}</span> ({invite.email}).
      </CardDescription>
    </CardHeader>
  );
  const formError = data?.errors.form ? <Alert variant="destructive">{data.errors.form}</Alert> : null;

  if (signedInAs && signedInAs !== invite.email) {
    return (
      <Card>
        {header}
        <CardContent>
          <Alert variant="warning" title={`You are signed in as ${signedInAs}`}>
            This invite is for {invite.email}. Log out, then log in as {invite.email} to accept it.
          </Alert>
        </CardContent>
        <CardFooter className="justify-end">
          <Form method="post" action="/logout">
            <input type="hidden" name="redirectTo" value={loginHref} />
            <Button type="submit" variant="secondary">Log out</Button>
          </Form>
        </CardFooter>
      </Card>
    );
  }

  if (signedInAs) {
    return (
      <Card>
        {header}
        <CardContent>
          <Form method="post" className="grid gap-4">
            {formError}
            <Button type="submit" className="w-full" disabled={busy}>
              {busy ? "Joining…" : `Join ${invite.businessName}`}
            </Button>
          </Form>
        </CardContent>
      </Card>
    );
  }

  if (invite.accountExists) {
    return (
      <Card>
        {header}
        <CardContent className="grid gap-3">
          <p className="text-sm text-muted-foreground">You already have a Switchboard account. Sign in as {invite.email} to accept.</p>
          <Link to={loginHref} className={buttonClasses({ className: "w-full" })}>
            Log in as {invite.email}
          </Link>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      {header}
      <CardContent>
        <Form method="post" className="grid gap-4" noValidate>
          {formError}
          <Field label="E-mail">
            <Input value={invite.email} readOnly disabled />
          </Field>
          <Field label="Your name" error={data?.errors.fields.name}>
            <Input name="name" autoComplete="name" required autoFocus defaultValue={data?.values.name} />
          </Field>
          <Field label="Choose a password" error={data?.errors.fields.password} hint={`At least ${minPasswordLength} characters.`}>
            <Input name="password" type="password" autoComplete="new-password" required minLength={minPasswordLength} />
          </Field>
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? "Joining…" : "Accept and join"}
          </Button>
        </Form>
      </CardContent>
    </Card>
  );
}
