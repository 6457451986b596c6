import type { CheckFn, DescribeLike, ItLike } from '../../src/index.js';

export interface CollectedCheck {
  /** Full name: the describe path and the check, joined by " › ". */
  name: string;
  fn: CheckFn;
  skipped: boolean;
}

export interface CheckOutcome {
  name: string;
  passed: boolean;
  error?: unknown;
}

/** A minimal runner: collects what the suite registers so a test can run checks one by one. */
export function collectingRunner(options: { withSkip: boolean }) {
  const checks: CollectedCheck[] = [];
  const path: string[] = [];
  const describe: DescribeLike = (name, body) => {
    path.push(name);
    try {
      body();
    } finally {
      path.pop();
    }
  };
  const fullName = (name: string) => [...path, name].join(' › ');
  const it = ((name: string, fn: CheckFn) => {
    checks.push({ name: fullName(name), fn, skipped: false });
  }) as ItLike;
  if (options.withSkip) {
    it.skip = (name: string, fn: CheckFn) => {
      checks.push({ name: fullName(name), fn, skipped: true });
    };
  }
  return { describe, it, checks };
}

export async function runCheck(check: CollectedCheck): Promise<CheckOutcome> {
  try {
    await check.fn();
    return { name: check.name, passed: true };
  } catch (error) {
    return { name: check.name, passed: false, error };
  }
}
