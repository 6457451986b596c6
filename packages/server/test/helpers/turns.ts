/**
 * Waiting on the event loop, not on time: for work a few awaits (or an I/O callback) away. A test
 * that waits like this is as fast on a busy machine as on an idle one, and never flakes on a deadline.
 */

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lets `turns` rounds of the event loop run (to show that something has NOT happened by then). */
export async function eventLoopTurns(turns: number): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await nextTurn();
}

/** Turns the event loop until `done` holds; fails the test if it still does not after `maxTurns`. */
export async function until(done: () => boolean, maxTurns = 1000): Promise<void> {
  for (let turn = 0; turn < maxTurns && !done(); turn++) await nextTurn();
  if (!done()) throw new Error(`not reached after ${maxTurns} event-loop turns: ${done.toString()}`);
}
