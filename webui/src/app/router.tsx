import { createBrowserRouter } from 'react-router';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { GoalDetailRoute } from '../features/goals/goal-detail-page';
import { GoalsPage } from '../features/goals/goals-page';
import { NewGoalPage } from '../features/goals/new-goal-page';
import { ProvidersPage } from '../features/providers/providers-page';
import { StreamsPage } from '../features/streams/streams-page';
import { AppLayout } from './app-layout';
import { NotFoundPage } from './not-found-page';

export const routes = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'goals', element: <GoalsPage /> },
      { path: 'goals/new', element: <NewGoalPage /> },
      { path: 'goals/:id', element: <GoalDetailRoute /> },
      { path: 'streams', element: <StreamsPage /> },
      { path: 'providers', element: <ProvidersPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
