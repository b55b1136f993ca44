import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetAuth } from '../features/auth/auth-store';

afterEach(() => {
  cleanup();
  resetAuth();
});
