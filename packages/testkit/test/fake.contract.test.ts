import { describe, it } from 'vitest';
import { brokerContractSuite } from '../src/index.js';
import { fakeHarness } from './support/fake-harness.js';

// The defect-free fake adapter passes the whole suite through vitest's own describe/it.
brokerContractSuite({ describe, it, harness: fakeHarness() });
