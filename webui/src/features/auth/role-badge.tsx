import type { Role } from './roles';

const CLASSES: Record<string, string> = {
  admin: 'badge-role-admin',
  operator: 'badge-role-operator',
  viewer: 'badge-neutral',
};

export function RoleBadge({ role, testId }: { role: Role | string; testId?: string }) {
  return (
    <span
      className={`badge ${CLASSES[role] ?? 'badge-neutral'}`}
      data-testid={testId}
      data-role={role}
    >
      {role}
    </span>
  );
}
