import type { ReactNode } from 'react';
import { NavLink } from 'react-router';

import { useSessionControl, useSignedIn } from '../session/session-context';

const LINKS = [
  { to: '/', label: 'Integrations', end: true },
  { to: '/activity', label: 'Activity' },
  { to: '/failures', label: 'Failures' },
  { to: '/records', label: 'Records' },
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const { session, can } = useSignedIn();
  const { signOut } = useSessionControl();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <p className="brand">Concord</p>
        <nav aria-label="Main">
          <ul>
            {LINKS.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={'end' in link ? link.end : false}>
                  {link.label}
                </NavLink>
              </li>
            ))}
            {can('admin') && (
              <li>
                <NavLink to="/settings">Settings</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <p className="tenant" title={session.tenantId}>
            {session.tenantName}
          </p>
          <p className="muted small">
            {session.keyName || 'API key'}
            {can('admin') ? '' : can('write') ? ' · no admin rights' : ' · read-only'}
          </p>
          <button type="button" className="button button-quiet" onClick={signOut}>
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" className="content" tabIndex={-1}>
        {!can('admin') && (
          <p className="readonly-banner" role="note">
            Read-only access: this key can look at everything here but cannot change settings,
            replay or discard.
          </p>
        )}
        {children}
      </main>
    </div>
  );
}
