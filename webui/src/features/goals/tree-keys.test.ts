import { describe, expect, it } from 'vitest';
import type { TraceNode } from './trace-tree';
import { visibleRows } from './trace-tree';
import { treeKey } from './tree-keys';

function n(id: string, children: TraceNode[] = [], requestId?: string): TraceNode {
  return { id, kind: 'run', label: id, status: 'x', open: false, requestId, children };
}

// goal
// ├─ plan (llm)
// └─ w1
//    └─ r1
const TREE = n('goal', [n('plan', [], 'req-1'), n('w1', [n('r1')])]);

function press(key: string, focused: string | null, collapsed: string[] = []) {
  const set = new Set(collapsed);
  return treeKey(visibleRows(TREE, set), focused, set, key);
}

describe('treeKey', () => {
  it('moves down and up through the visible rows, stopping at the ends', () => {
    expect(press('ArrowDown', 'goal')).toEqual({ type: 'focus', id: 'plan' });
    expect(press('ArrowDown', 'plan')).toEqual({ type: 'focus', id: 'w1' });
    expect(press('ArrowDown', 'r1')).toEqual({ type: 'focus', id: 'r1' });
    expect(press('ArrowUp', 'w1')).toEqual({ type: 'focus', id: 'plan' });
    expect(press('ArrowUp', 'goal')).toEqual({ type: 'focus', id: 'goal' });
    // Folded rows are skipped.
    expect(press('ArrowDown', 'plan', ['w1'])).toEqual({ type: 'focus', id: 'w1' });
    expect(press('ArrowDown', 'w1', ['w1'])).toEqual({ type: 'focus', id: 'w1' });
  });

  it('starts from the first row when nothing has focus yet', () => {
    expect(press('ArrowDown', null)).toEqual({ type: 'focus', id: 'plan' });
    expect(press('ArrowDown', 'gone')).toEqual({ type: 'focus', id: 'plan' });
  });

  it('jumps to the first and last rows with Home and End', () => {
    expect(press('Home', 'r1')).toEqual({ type: 'focus', id: 'goal' });
    expect(press('End', 'goal')).toEqual({ type: 'focus', id: 'r1' });
  });

  it('right expands a collapsed row, else enters its first child; nothing on a leaf', () => {
    expect(press('ArrowRight', 'w1', ['w1'])).toEqual({ type: 'expand', id: 'w1' });
    expect(press('ArrowRight', 'w1')).toEqual({ type: 'focus', id: 'r1' });
    expect(press('ArrowRight', 'r1')).toEqual({ type: 'none' });
  });

  it('left collapses an expanded row, else goes to its parent; nothing at the root', () => {
    expect(press('ArrowLeft', 'w1')).toEqual({ type: 'collapse', id: 'w1' });
    expect(press('ArrowLeft', 'w1', ['w1'])).toEqual({ type: 'focus', id: 'goal' });
    expect(press('ArrowLeft', 'r1')).toEqual({ type: 'focus', id: 'w1' });
    expect(press('ArrowLeft', 'goal', ['goal'])).toEqual({ type: 'none' });
  });

  it("Enter opens an LLM call's stream, else toggles the row", () => {
    expect(press('Enter', 'plan')).toEqual({ type: 'open', id: 'plan', requestId: 'req-1' });
    expect(press('Enter', 'w1')).toEqual({ type: 'collapse', id: 'w1' });
    expect(press('Enter', 'w1', ['w1'])).toEqual({ type: 'expand', id: 'w1' });
    expect(press('Enter', 'r1')).toEqual({ type: 'none' });
    expect(press('x', 'r1')).toEqual({ type: 'none' });
  });

  it('does nothing without rows', () => {
    expect(treeKey([], null, new Set(), 'ArrowDown')).toEqual({ type: 'none' });
  });
});
