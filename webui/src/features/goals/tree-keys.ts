/**
 * Keyboard navigation of the trace tree (the WAI-ARIA tree pattern), as a pure function of the
 * visible rows: up/down move, right expands (or enters the first child), left collapses (or goes
 * to the parent), Home/End jump, Enter opens (an LLM call's stream) or toggles the row.
 */
import type { TraceRow } from './trace-tree';

export type TreeKeyResult =
  | { readonly type: 'focus'; readonly id: string }
  | { readonly type: 'expand'; readonly id: string }
  | { readonly type: 'collapse'; readonly id: string }
  | { readonly type: 'open'; readonly id: string; readonly requestId: string }
  | { readonly type: 'none' };

const NONE: TreeKeyResult = { type: 'none' };

export function treeKey(
  rows: readonly TraceRow[],
  focusedId: string | null,
  collapsed: ReadonlySet<string>,
  key: string,
): TreeKeyResult {
  if (rows.length === 0) return NONE;
  const index = Math.max(
    0,
    rows.findIndex((r) => r.node.id === focusedId),
  );
  const row = rows[index];
  const hasChildren = row.node.children.length > 0;
  const isCollapsed = collapsed.has(row.node.id);
  switch (key) {
    case 'ArrowDown':
      return { type: 'focus', id: rows[Math.min(rows.length - 1, index + 1)].node.id };
    case 'ArrowUp':
      return { type: 'focus', id: rows[Math.max(0, index - 1)].node.id };
    case 'Home':
      return { type: 'focus', id: rows[0].node.id };
    case 'End':
      return { type: 'focus', id: rows[rows.length - 1].node.id };
    case 'ArrowRight':
      if (!hasChildren) return NONE;
      if (isCollapsed) return { type: 'expand', id: row.node.id };
      return { type: 'focus', id: row.node.children[0].id };
    case 'ArrowLeft':
      if (hasChildren && !isCollapsed) return { type: 'collapse', id: row.node.id };
      return row.parentId ? { type: 'focus', id: row.parentId } : NONE;
    case 'Enter':
    case ' ':
      if (row.node.requestId) {
        return { type: 'open', id: row.node.id, requestId: row.node.requestId };
      }
      if (!hasChildren) return NONE;
      return isCollapsed
        ? { type: 'expand', id: row.node.id }
        : { type: 'collapse', id: row.node.id };
    default:
      return NONE;
  }
}
