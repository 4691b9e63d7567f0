import { FormEvent, useState } from 'react';
import { api, Me } from './api';
import { Busy, Outcome, useAction } from './ui';

export function Login({ notice, onSignedIn }: { notice: string | null; onSignedIn: (token: string) => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const { accessToken } = await api.login(email.trim(), password);
      await onSignedIn(accessToken);
    });
  };

  return (
    <main className="centered">
      <form className="card login" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">MM Support Console</h1>
        <p className="muted">Sign in with your agent or admin account.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" disabled={action.pending}>
          {action.pending ? 'Signing in…' : 'Sign in'}
        </button>
        <Outcome error={action.error} />
        <p className="muted small">
          New agent? Register with <code>POST /api/support/register-agent/</code>, then ask an admin to approve your account.
        </p>
      </form>
    </main>
  );
}

/** An agent who registered but is not approved yet: every agent endpoint answers 403 until an admin approves them. */
export function WaitingForApproval({ me, onCheck, onSignOut }: { me: Me; onCheck: () => Promise<void>; onSignOut: () => void }) {
  const action = useAction();
  return (
    <main className="centered">
      <section className="card waiting" aria-labelledby="waiting-title">
        <h1 id="waiting-title">Waiting for approval</h1>
        <p>
          Hello {me.name}. Your agent account is <strong>awaiting admin approval</strong>, so you cannot see or work tickets yet.
        </p>
        <p>
          Ask an admin to approve agent <strong data-testid="agent-id">#{me.id}</strong> ({me.email}) in the console&apos;s Admin page, then
          check again.
        </p>
        <div className="row">
          <button
            type="button"
            disabled={action.pending}
            onClick={() =>
              void action.run(async () => {
                await onCheck();
                return 'Still waiting: no admin has approved your account yet.';
              })
            }
          >
            {action.pending ? 'Checking…' : 'Check again'}
          </button>
          <button type="button" className="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
        <Busy when={action.pending}>Checking your account</Busy>
        <Outcome error={action.error} done={action.done} />
      </section>
    </main>
  );
}
