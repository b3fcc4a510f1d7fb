import { FormEvent, ReactNode, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, friendlyMessage } from '../api/client';
import { isUnconfirmed, useAuth } from '../auth/AuthContext';
import { EmailSettings } from './EmailSettings';
import { Storage } from './Storage';
import { Webhooks } from './Webhooks';

function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const run = async (task: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await task();
    } catch (e) {
      setError({ message: friendlyMessage(e), field: e instanceof ApiError ? e.field : undefined });
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

function FormError({ error }: { error: { message: string } | null }) {
  return error ? (
    <p className="form-error" role="alert">
      {error.message}
    </p>
  ) : null;
}

/** A new password: the policy's length limits, a hint, and the password manager's "new password". */
function NewPasswordField(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
}) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="password"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        required
        minLength={8}
        maxLength={128}
        autoComplete="new-password"
        aria-describedby={`${props.id}-hint`}
        aria-invalid={props.invalid}
      />
      <small id={`${props.id}-hint`}>{props.hint}</small>
    </>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="auth-card" aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      {children}
    </section>
  );
}

export function SignUp() {
  const { register } = useAuth();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const { busy, error, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await register(email.trim(), password, displayName.trim());
      navigate(`/confirm?email=${encodeURIComponent(email.trim())}`);
    });
  };
  return (
    <Card title="Create your account">
      <form onSubmit={submit}>
        <label htmlFor="su-name">Display name</label>
        <input
          id="su-name"
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
          required
          maxLength={100}
          autoComplete="nickname"
        />
        <label htmlFor="su-email">Email</label>
        <input
          id="su-email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          required
          autoComplete="email"
          aria-invalid={error?.field === 'email'}
        />
        <NewPasswordField
          id="su-password"
          label="Password"
          hint="8 to 128 characters. A long phrase is best."
          value={password}
          onChange={setPassword}
          invalid={error?.field === 'password'}
        />
        <FormError error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Sign up'}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </Card>
  );
}

export function Confirm() {
  const { confirm, resend, knowsPassword } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  // opened right after sign-up (or login) the password is known; opened later, it is asked for
  const askPassword = !knowsPassword(email);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await confirm(email.trim(), code.trim(), askPassword ? password : undefined);
      navigate(`/login?email=${encodeURIComponent(email.trim())}&confirmed=1`);
    });
  };
  return (
    <Card title="Confirm your email">
      <p>We sent a code to your email address. Enter it here{askPassword ? ' with the password you chose when you signed up' : ''}.</p>
      <form onSubmit={submit}>
        <label htmlFor="cf-email">Email</label>
        <input id="cf-email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required autoComplete="email" />
        <label htmlFor="cf-code">Code</label>
        <input
          id="cf-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          required
        />
        {askPassword && (
          <>
            <label htmlFor="cf-password">Password</label>
            <input
              id="cf-password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
              autoComplete="current-password"
              aria-invalid={error?.field === 'password'}
            />
          </>
        )}
        <FormError error={error} />
        {notice && <p role="status">{notice}</p>}
        <button type="submit" className="primary" disabled={busy}>
          Confirm
        </button>
        <button
          type="button"
          disabled={busy || !email}
          onClick={() =>
            void run(async () => {
              await resend(email.trim());
              setNotice('If that address has an account waiting, a new code is on its way.');
            })
          }
        >
          Send a new code
        </button>
      </form>
    </Card>
  );
}

export function Login() {
  const { login, rememberPassword } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useSubmit();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      try {
        await login(email.trim(), password);
        navigate(from, { replace: true });
      } catch (err) {
        if (isUnconfirmed(err)) {
          rememberPassword(email.trim(), password);
          navigate(`/confirm?email=${encodeURIComponent(email.trim())}`);
          return;
        }
        if (err instanceof ApiError && err.status === 401) {
          setError({ message: 'That email and password do not match an account.' });
          return;
        }
        throw err;
      }
    });
  };
  return (
    <Card title="Log in">
      {params.get('confirmed') && <p role="status">Your email is confirmed. Log in to start.</p>}
      {params.get('reset') && <p role="status">Your password is changed. Log in with the new one.</p>}
      <form onSubmit={submit}>
        <label htmlFor="li-email">Email</label>
        <input id="li-email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required autoComplete="email" />
        <label htmlFor="li-password">Password</label>
        <input
          id="li-password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          required
          autoComplete="current-password"
        />
        <FormError error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        <Link to={`/forgot-password${email ? `?email=${encodeURIComponent(email.trim())}` : ''}`}>Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/signup">Create an account</Link>
      </p>
    </Card>
  );
}

/** Password reset: the e-mail address gets a code, then the code and a new password end it. */
export function ForgotPassword() {
  const { api } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  const requestCode = (e?: FormEvent) => {
    e?.preventDefault();
    void run(async () => {
      await api.post('/api/auth/forgot-password', { email: email.trim() }, { auth: false });
      setSent(true);
    });
  };
  const reset = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post('/api/auth/reset-password', { email: email.trim(), code: code.trim(), password }, { auth: false });
      navigate(`/login?email=${encodeURIComponent(email.trim())}&reset=1`);
    });
  };
  if (!sent) {
    return (
      <Card title="Reset your password">
        <p>Enter the email address of your account and we will send you a code.</p>
        <form onSubmit={requestCode}>
          <label htmlFor="fp-email">Email</label>
          <input
            id="fp-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            required
            autoComplete="email"
            aria-invalid={error?.field === 'email'}
          />
          <FormError error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Sending…' : 'Send a code'}
          </button>
        </form>
        <p>
          Remembered it? <Link to="/login">Log in</Link>
        </p>
      </Card>
    );
  }
  return (
    <Card title="Choose a new password">
      <p role="status">If {email.trim()} has an account, a code is on its way. Enter it with your new password.</p>
      <form onSubmit={reset}>
        <label htmlFor="fp-code">Code</label>
        <input
          id="fp-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          required
          aria-invalid={error?.field === 'code'}
        />
        <NewPasswordField
          id="fp-password"
          label="New password"
          hint="8 to 128 characters. Every device will be signed out."
          value={password}
          onChange={setPassword}
          invalid={error?.field === 'password'}
        />
        <FormError error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Set the new password'}
        </button>
        <button type="button" disabled={busy} onClick={() => requestCode()}>
          Send a new code
        </button>
      </form>
    </Card>
  );
}

/** The signed-in user's account: who they are, a password change, webhooks, deletion. */
export function Account() {
  const { user, changePassword } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    void run(async () => {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setDone(true);
    });
  };
  return (
    <Card title="Your account">
      <dl>
        <dt>Name</dt>
        <dd>{user?.displayName}</dd>
        <dt>Email</dt>
        <dd>{user?.email}</dd>
      </dl>
      <h2>Change your password</h2>
      <form onSubmit={submit}>
        <label htmlFor="ac-current">Current password</label>
        <input
          id="ac-current"
          type="password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          required
          autoComplete="current-password"
          aria-invalid={error?.field === 'currentPassword'}
        />
        <NewPasswordField
          id="ac-new"
          label="New password"
          hint="8 to 128 characters. Your other devices will be signed out."
          value={next}
          onChange={setNext}
          invalid={error?.field === 'newPassword'}
        />
        <FormError error={error} />
        {done && <p role="status">Password changed. Your other devices are signed out.</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Change password'}
        </button>
      </form>
      <p>
        Forgot it? <Link to="/forgot-password">Reset it by email</Link>
      </p>
      <Storage />
      <EmailSettings />
      <Webhooks />
      <DeleteAccount />
    </Card>
  );
}

/** Deleting the account: the password and an explicit acknowledgement, then everything goes. */
function DeleteAccount() {
  const { deleteAccount } = useAuth();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const { busy, error, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await deleteAccount(password, () => navigate('/?deleted=1', { replace: true }));
    });
  };
  return (
    <section aria-labelledby="del-account-title" className="danger-zone">
      <h2 id="del-account-title">Delete your account</h2>
      <p>Your videos, comments and reactions are deleted with it. This cannot be undone.</p>
      <form onSubmit={submit}>
        <label htmlFor="da-password">Password</label>
        <input
          id="da-password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          required
          autoComplete="current-password"
          aria-invalid={error?.field === 'password'}
        />
        <label className="check">
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.currentTarget.checked)} /> I understand that
          everything I uploaded is deleted
        </label>
        <FormError error={error} />
        <button type="submit" className="danger" disabled={busy || !understood}>
          {busy ? 'Deleting…' : 'Delete my account'}
        </button>
      </form>
    </section>
  );
}
