import { brokerContractSuite } from '@openalgo/testkit';
import { describe, it, vi } from 'vitest';
import { angelSimulatorHarness } from '../src/simulator/harness.js';

// The first check downloads and parses the full-size master (shared by the rest) through the adapter.
vi.setConfig({ testTimeout: 60_000 });

brokerContractSuite({ describe, it, harness: angelSimulatorHarness() });
