import { Component, lazy, ReactNode, Suspense } from 'react';
import { BrowserRouter, Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth/AuthContext';
import { ErrorPanel, Spinner } from './components/ErrorPanel';
import { Icon } from './components/Icon';
import { NotificationBell } from './components/NotificationBell';
import { Account, Confirm, ForgotPassword, Login, SignUp } from './pages/AuthPages';
import { Home } from './pages/Home';
import { MyVideos } from './pages/MyVideos';
import { Upload } from './pages/Upload';
import { Channel } from './pages/Channel';
import { MyPlaylists } from './pages/MyPlaylists';
import { Subscriptions } from './pages/Subscriptions';
import { Admin } from './pages/Admin';
import { Moderation } from './pages/Moderation';
import { canModerate } from './moderation/api';

// The player (hls.js) loads only when a watch page opens.
const Watch = lazy(() => import('./pages/Watch').then((m) => ({ default: m.Watch })));
const Embed = lazy(() => import('./pages/Embed').then((m) => ({ default: m.Embed })));
const PlaylistPage = lazy(() => import('./pages/Playlists').then((m) => ({ default: m.PlaylistPage })));

function RequireUser({ children }: { children: ReactNode }) {
  const { status, retry } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Spinner label="Restoring your session" />;
  if (status === 'offline') return <ErrorPanel error={new Error('offline')} onRetry={retry} />;
  if (status !== 'signed-in') return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

/** Moderation and admin pages: the server checks the role on every call; this only hides them. */
function RequireRole({ admin, children }: { admin?: boolean; children: ReactNode }) {
  const { user } = useAuth();
  const allowed = admin ? user?.role === 'admin' : canModerate(user?.role);
  return (
    <RequireUser>
      {allowed ? (
        children
      ) : (
        <div className="empty">
          <h1>Not for your account</h1>
          <p>This page is for {admin ? 'admins' : 'moderators and admins'}.</p>
          <Link to="/">Back to all videos</Link>
        </div>
      )}
    </RequireUser>
  );
}

function Header() {
  const { status, user, logout } = useAuth();
  return (
    <header className="top">
      <Link to="/" className="brand" aria-label="Reelroute home">
        <Icon name="play" /> Reelroute
      </Link>
      <nav aria-label="Main">
        {status === 'signed-in' ? (
          <>
            <NavLink to="/upload">Upload</NavLink>
            <NavLink to="/me/videos">My videos</NavLink>
            <NavLink to="/subscriptions">Subscriptions</NavLink>
            <NavLink to="/playlists">Playlists</NavLink>
            {canModerate(user?.role) && <NavLink to="/moderation">Moderation</NavLink>}
            {user?.role === 'admin' && <NavLink to="/admin">Admin</NavLink>}
            <NotificationBell />
            <NavLink to="/me/account" className="who" title={`${user?.email ?? ''}: your account`}>
              {user?.displayName}
            </NavLink>
            <button type="button" onClick={() => void logout()}>
              Log out
            </button>
          </>
        ) : status === 'loading' ? null : (
          <>
            <NavLink to="/login">Log in</NavLink>
            <NavLink to="/signup" className="button primary">
              Sign up
            </NavLink>
          </>
        )}
      </nav>
    </header>
  );
}

/** No blank screens: a render error shows a message with a way back. */
class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (this.state.failed)
      return (
        <div className="error-panel" role="alert">
          <p>Something went wrong showing this page.</p>
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      );
    return this.props.children;
  }
}

export function AppRoutes() {
  const location = useLocation();
  if (location.pathname.startsWith('/embed/')) {
    // the embeddable player: no header, no navigation; another site frames it
    return (
      <Boundary>
        <Suspense fallback={<Spinner label="Loading" />}>
          <Routes>
            <Route path="/embed/:videoKey" element={<Embed />} />
          </Routes>
        </Suspense>
      </Boundary>
    );
  }
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <Boundary>
          <Suspense fallback={<Spinner label="Loading" />}>
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/watch/:videoKey" element={<Watch />} />
              <Route path="/u/:handle" element={<Channel />} />
              <Route path="/playlist/:id" element={<PlaylistPage />} />
              <Route
                path="/subscriptions"
                element={
                  <RequireUser>
                    <Subscriptions />
                  </RequireUser>
                }
              />
              <Route
                path="/playlists"
                element={
                  <RequireUser>
                    <MyPlaylists />
                  </RequireUser>
                }
              />
              <Route path="/signup" element={<SignUp />} />
              <Route path="/confirm" element={<Confirm />} />
              <Route path="/login" element={<Login />} />
              <Route path="/forgot-password" element={<ForgotPassword />} />
              <Route
                path="/upload"
                element={
                  <RequireUser>
                    <Upload />
                  </RequireUser>
                }
              />
              <Route
                path="/me/videos"
                element={
                  <RequireUser>
                    <MyVideos />
                  </RequireUser>
                }
              />
              <Route
                path="/moderation"
                element={
                  <RequireRole>
                    <Moderation />
                  </RequireRole>
                }
              />
              <Route
                path="/admin"
                element={
                  <RequireRole admin>
                    <Admin />
                  </RequireRole>
                }
              />
              <Route
                path="/me/account"
                element={
                  <RequireUser>
                    <Account />
                  </RequireUser>
                }
              />
              <Route
                path="*"
                element={
                  <div className="empty">
                    <h1>Page not found</h1>
                    <Link to="/">Back to all videos</Link>
                  </div>
                }
              />
            </Routes>
          </Suspense>
        </Boundary>
      </main>
    </>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
