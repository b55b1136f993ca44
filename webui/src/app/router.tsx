import { createBrowserRouter } from 'react-router';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { StreamsPage } from '../features/streams/streams-page';
import { AppLayout } from './app-layout';
import { NotFoundPage } from './not-found-page';

export const routes = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'streams', element: <StreamsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
