import { LayoutDashboard, ListChecks, Server, Zap } from 'lucide-react';
import { NavLink, Outlet } from 'react-router';
import { ALL_STREAMS_PATH } from '../features/streams/channels';
import { useChannel } from '../features/streams/use-streams';
import { ConnectionPill } from './connection-pill';
import { ThemeToggle } from './theme-toggle';

const NAV = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard, end: true },
  { to: '/goals', label: 'Goals', icon: ListChecks, end: false },
  { to: '/streams', label: 'Streams', icon: Zap, end: false },
  { to: '/providers', label: 'Providers', icon: Server, end: false },
];

export function AppLayout() {
  // The all-streams channel stays up app-wide: dashboard tiles, streams page, header pill.
  useChannel(ALL_STREAMS_PATH);
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <Zap size={20} className="brand-icon" aria-hidden="true" />
          <span>PonyBunny</span>
        </div>
        <nav className="nav" aria-label="Main">
          {NAV.map(({ to, label, icon: Icon, end }) => (
            <NavLink
              key={to}
              to={to}
              end={end}
              className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`}
              data-testid={`nav-${label.toLowerCase()}`}
            >
              <Icon size={18} aria-hidden="true" />
              <span>{label}</span>
            </NavLink>
          ))}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <span className="topbar-title">Agent &amp; LLM streaming console</span>
          <div className="topbar-actions">
            <ConnectionPill />
            <ThemeToggle />
          </div>
        </header>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
