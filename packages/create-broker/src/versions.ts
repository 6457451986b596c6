// What a generated package depends on. The @openalgo ranges are the ones docs/releasing.md tells outside
// authors to state (the major that carries CONTRACT_VERSION); the third-party versions are exactly the
// workspace's, so a generated package builds and tests with the toolchain the contract suite is proven
// on. test/versions.test.ts fails when either drifts from the workspace.

/** The contract the templates implement: core's `CONTRACT_VERSION`. */
export const CONTRACT = 2;

/** The caret range on the @openalgo major that carries {@link CONTRACT}. */
export const OPENALGO_RANGE = '^1.0.0';

export const THIRD_PARTY_VERSIONS = {
  zod: '4.6.7',
  '@types/node': '20.19.43',
  tsup: '8.5.1',
  typescript: '5.9.3',
  vitest: '4.1.12',
} as const;
