import { brokerContractSuite } from '@openalgo/testkit';
import { describe, it, vi } from 'vitest';
import { kiteSimulatorHarness } from '../src/simulator/harness.js';

// The first check downloads and indexes the full-size master (shared by the rest) through the adapter.
vi.setConfig({ testTimeout: 60_000 });

brokerContractSuite({ describe, it, harness: kiteSimulatorHarness() });
