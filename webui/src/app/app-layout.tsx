import {
  History,
  KeyRound,
  LayoutDashboard,
  ListChecks,
  ScrollText,
  Server,
  Users,
  Zap,
  type LucideIcon,
} from 'lucide-react';
import { NavLink, Outlet } from 'react-router';
import type { Role } from '../features/auth/roles';
import { useAuth } from '../features/auth/use-auth';
import { UserMenu } from '../features/auth/user-menu';
import { ALL_STREAMS_PATH } from '../features/streams/channels';
import { useChannel } from '../features/streams/use-streams';
import { ConnectionPill } from './connection-pill';
import { ThemeToggle } from './theme-toggle';

interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  end: boolean;
  /** The weakest role that sees the link. */
  role: Role;
}

const NAV: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard, end: true, role: 'viewer' },
  { to: '/goals', label: 'Goals', icon: ListChecks, end: false, role: 'viewer' },
  { to: '/streams', label: 'Streams', icon: Zap, end: false, role: 'viewer' },
  { to: '/history', label: 'History', icon: History, end: false, role: 'viewer' },
  { to: '/providers', label: 'Providers', icon: Server, end: false, role: 'viewer' },
  { to: '/keys', label: 'Keys', icon: KeyRound, end: false, role: 'operator' },
  { to: '/users', label: 'Users', icon: Users, end: false, role: 'admin' },
  { to: '/audit', label: 'Audit', icon: ScrollText, end: false, role: 'admin' },
];

export function AppLayout() {
  // The all-streams channel stays up app-wide: dashboard tiles, streams page, header pill.
  useChannel(ALL_STREAMS_PATH);
  const { can } = useAuth();
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <Zap size={20} className="brand-icon" aria-hidden="true" />
          <span>PonyBunny</span>
        </div>
        <nav className="nav" aria-label="Main">
          {NAV.filter((item) => can(item.role)).map(({ to, label, icon: Icon, end }) => (
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
            <UserMenu />
          </div>
        </header>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
