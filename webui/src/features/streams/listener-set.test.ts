import { describe, expect, it, vi } from 'vitest';
import { createListenerSet } from './listener-set';

describe('createListenerSet', () => {
  it('notifies in registration order until unsubscribed', () => {
    const set = createListenerSet<[string]>();
    const seen: string[] = [];
    const offA = set.add((v) => seen.push(`a:${v}`));
    set.add((v) => seen.push(`b:${v}`));
    set.notify('1');
    offA();
    set.notify('2');
    expect(seen).toEqual(['a:1', 'b:1', 'b:2']);
  });

  it('with a label, logs a failing listener and still calls the others', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const set = createListenerSet<[]>('test listener');
    const after = vi.fn();
    set.add(() => {
      throw new Error('boom');
    });
    set.add(after);
    set.notify();
    expect(after).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith('test listener failed', expect.any(Error));
  });

  it('without a label, lets the error through', () => {
    const set = createListenerSet<[]>();
    set.add(() => {
      throw new Error('boom');
    });
    expect(() => set.notify()).toThrow('boom');
  });

  it('a listener removed while notifying is still called this round', () => {
    const set = createListenerSet<[]>();
    const second = vi.fn();
    let offSecond = () => {};
    set.add(() => offSecond());
    offSecond = set.add(second);
    set.notify();
    set.notify();
    expect(second).toHaveBeenCalledTimes(1);
  });
});
