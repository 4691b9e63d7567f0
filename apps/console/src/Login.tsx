import { FormEvent, useState } from 'react';
import { api, Me, session } from './api';
import { Busy, Outcome, useAction, useLiveReload } from './ui';
import { useRealtime } from './useRealtime';

export function Login({ notice, onSignedIn }: { notice: string | null; onSignedIn: (token: string) => Promise<void> }) {
  const [registering, setRegistering] = useState(false);
  if (registering) return <RegisterAgent onSignedIn={onSignedIn} onCancel={() => setRegistering(false)} />;
  return <SignIn notice={notice} onSignedIn={onSignedIn} onRegister={() => setRegistering(true)} />;
}

function SignIn({ notice, onSignedIn, onRegister }: { notice: string | null; onSignedIn: (token: string) => Promise<void>; onRegister: () => void }) {
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
          New agent? An admin approves your account before you work tickets.{' '}
          <button type="button" className="link" onClick={onRegister}>
            Register as an agent
          </button>
        </p>
      </form>
    </main>
  );
}

/** A new agent registers, is signed in at once, and waits for an admin's approval. */
function RegisterAgent({ onSignedIn, onCancel }: { onSignedIn: (token: string) => Promise<void>; onCancel: () => void }) {
  const [form, setForm] = useState({ name: '', email: '', password: '', contact_number: '' });
  const action = useAction();
  const field = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const email = form.email.trim();
      const phone = form.contact_number.trim();
      await api.registerAgent({ name: form.name.trim(), email, password: form.password, ...(phone ? { contact_number: phone } : {}) });
      const { accessToken } = await api.login(email, form.password);
      await onSignedIn(accessToken);
    });
  };
  return (
    <main className="centered">
      <form className="card login" onSubmit={submit} aria-labelledby="register-title">
        <h1 id="register-title">Register as a support agent</h1>
        <p className="muted">An admin approves new agents before they can work tickets.</p>
        <label>
          Name
          <input required maxLength={100} autoComplete="name" {...field('name')} autoFocus />
        </label>
        <label>
          Email
          <input type="email" required maxLength={254} autoComplete="username" {...field('email')} />
        </label>
        <label>
          Password <span className="small">(at least 8 characters)</span>
          <input type="password" required minLength={8} maxLength={128} autoComplete="new-password" {...field('password')} />
        </label>
        <label>
          Contact number <span className="small">(optional)</span>
          <input type="tel" autoComplete="tel" {...field('contact_number')} />
        </label>
        <div className="row">
          <button type="submit" disabled={action.pending}>
            {action.pending ? 'Registering…' : 'Register'}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Back to sign in
          </button>
        </div>
        <Outcome error={action.error} />
      </form>
    </main>
  );
}

/**
 * An agent who registered but is not approved yet: every agent endpoint answers 403 until an admin
 * approves them. The approval arrives live (`account:approved`); a reconnection re-checks too.
 */
export function WaitingForApproval({ me, onCheck, onSignOut }: { me: Me; onCheck: () => Promise<void>; onSignOut: () => void }) {
  const action = useAction();
  const { state, subscribe: live } = useRealtime(session.token);
  useLiveReload(live, (e) => e.name === 'account:approved', onCheck);
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
        {state === 'live' && (
          <p className="muted small" data-testid="approval-live">
            This page moves on by itself as soon as an admin approves you.
          </p>
        )}
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
