import { createBrowserRouter } from 'react-router';
import { AuditPage } from '../features/admin/audit-page';
import { UsersPage } from '../features/admin/users-page';
import { AccountPage } from '../features/auth/account-page';
import { LoginPage } from '../features/auth/login-page';
import { RequireAuth, RequireRole } from '../features/auth/require-auth';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { GoalDetailRoute } from '../features/goals/goal-detail-page';
import { GoalsPage } from '../features/goals/goals-page';
import { NewGoalPage } from '../features/goals/new-goal-page';
import { HistoryPage } from '../features/history/history-page';
import { KeysPage } from '../features/keys/keys-page';
import { ProvidersPage } from '../features/providers/providers-page';
import { StreamsPage } from '../features/streams/streams-page';
import { StreamReplayPage } from '../features/timeline/replay-page';
import { AppLayout } from './app-layout';
import { NotFoundPage } from './not-found-page';
import { installSession } from './session';

installSession();

/** Every page but /login needs a signed-in user; some need a role (the server checks too). */
export const routes = [
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'goals', element: <GoalsPage /> },
      {
        path: 'goals/new',
        element: (
          <RequireRole role="operator" action="create goals">
            <NewGoalPage />
          </RequireRole>
        ),
      },
      { path: 'goals/:id', element: <GoalDetailRoute /> },
      { path: 'streams', element: <StreamsPage /> },
      { path: 'streams/:requestId/replay', element: <StreamReplayPage /> },
      { path: 'history', element: <HistoryPage /> },
      { path: 'providers', element: <ProvidersPage /> },
      { path: 'account', element: <AccountPage /> },
      {
        path: 'keys',
        element: (
          <RequireRole role="operator" action="manage API keys">
            <KeysPage />
          </RequireRole>
        ),
      },
      {
        path: 'users',
        element: (
          <RequireRole role="admin" action="manage users">
            <UsersPage />
          </RequireRole>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequireRole role="admin" action="read the audit log">
            <AuditPage />
          </RequireRole>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
