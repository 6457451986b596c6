import { describe, it } from 'vitest';
import { brokerContractSuite } from '../src/index.js';
import { httpFakeHarness } from './support/http-fake-harness.js';

// The whole suite over real loopback sockets: the simulator kit's faults (429 with Retry-After,
// reset after commit, malformed body, token expiry) stand in for the in-process ones.
brokerContractSuite({ describe, it, harness: httpFakeHarness() });
