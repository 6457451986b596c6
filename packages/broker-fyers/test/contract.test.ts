import { brokerContractSuite } from '@openalgo/testkit';
import { describe, it, vi } from 'vitest';
import { fyersSimulatorHarness } from '../src/simulator/harness.js';

// The first check downloads and indexes the full-size masters (shared by the rest) through the adapter.
vi.setConfig({ testTimeout: 60_000 });

brokerContractSuite({ describe, it, harness: fyersSimulatorHarness() });
