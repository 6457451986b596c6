import { describe, expect, it } from 'vitest';
import { SharedBuilds } from '../../src/simulator/shared-builds.js';

describe('SharedBuilds', () => {
  it('builds once per key and hands the same result to every later caller', () => {
    const builds = new SharedBuilds<{ key: string }>();
    let built = 0;
    const build = (key: string) => () => {
      built += 1;
      return { key };
    };
    const first = builds.get('a', build('a'));
    expect(builds.get('a', build('a'))).toBe(first);
    expect(built).toBe(1);
  });

  it('keeps at most `limit` results, dropping the oldest', () => {
    const builds = new SharedBuilds<string>(2);
    const calls: string[] = [];
    const get = (key: string) =>
      builds.get(key, () => {
        calls.push(key);
        return key.toUpperCase();
      });
    get('a');
    get('b');
    get('c');
    expect(builds.size).toBe(2);
    get('b');
    get('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('refuses a limit below 1', () => {
    expect(() => new SharedBuilds(0)).toThrow(RangeError);
  });
});
