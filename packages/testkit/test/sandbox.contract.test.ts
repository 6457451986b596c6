import { describe, it } from 'vitest';
import { brokerContractSuite, sandboxHarness } from '../src/index.js';

// The sandbox broker is the reference implementation: it must pass every check.
brokerContractSuite({ describe, it, harness: sandboxHarness() });
