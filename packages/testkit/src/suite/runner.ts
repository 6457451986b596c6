/** A check body. The suite's checks take no arguments, so any runner's `it` can call them. */
export type CheckFn = () => Promise<void>;

/**
 * The `it`/`test` of any runner: vitest, jest, mocha and node:test all accept `it(name, fn)`, and
 * all of them have `it.skip(name, fn)`, which the suite prefers so skips are reported as skips.
 */
export interface ItLike {
  (name: string, fn: CheckFn): unknown;
  skip?: ((name: string, fn: CheckFn) => unknown) | undefined;
}

export type DescribeLike = (name: string, fn: () => void) => unknown;

/** Registers checks and skips on the caller's runner. */
export class CheckRegistrar {
  constructor(
    private readonly describeFn: DescribeLike,
    private readonly itFn: ItLike,
  ) {}

  group(name: string, body: () => void): void {
    this.describeFn(name, body);
  }

  check(name: string, fn: CheckFn): void {
    this.itFn(name, fn);
  }

  /**
   * A check that does not apply to this broker. The reason is part of the name either way, so the
   * report says why; only a runner without `it.skip` gets a trivially passing test instead.
   */
  skip(name: string, reason: string): void {
    const label = `${name} (skipped: ${reason})`;
    const noop: CheckFn = async () => {};
    if (typeof this.itFn.skip === 'function') this.itFn.skip(label, noop);
    else this.itFn(label, noop);
  }

  /** Registers `name` as a check when `reason` is undefined, as a skip otherwise. */
  checkUnless(reason: string | undefined, name: string, fn: CheckFn): void {
    if (reason === undefined) this.check(name, fn);
    else this.skip(name, reason);
  }
}
