/** The per-person rotation behind "another tip": wraps round, starts after the last shown, stays bounded. */
import { describe, expect, it } from 'vitest';
import { createRotation } from '../../src/tips/rotation.ts';

describe('createRotation', () => {
  it('starts at 0, follows the last tip shown and wraps', () => {
    const rotation = createRotation();
    expect(rotation.next('a', 3)).toBe(0);
    rotation.shown('a', 0);
    expect(rotation.next('a', 3)).toBe(1);
    rotation.shown('a', 2);
    expect(rotation.next('a', 3)).toBe(0);
    expect(rotation.next('b', 3)).toBe(0);
    expect(rotation.next('a', 0)).toBe(0);
  });

  it('forgets the oldest ids beyond its capacity', () => {
    const rotation = createRotation(2);
    rotation.shown('a', 1);
    rotation.shown('b', 1);
    rotation.shown('a', 1);
    rotation.shown('c', 1);
    expect(rotation.next('b', 5)).toBe(0);
    expect(rotation.next('a', 5)).toBe(2);
    expect(rotation.next('c', 5)).toBe(2);
  });
});
