export { generateMasterUniverse, masterRowToInstrument } from './masters/generate.js';
export type { MasterInstrument, MasterSegment, MasterUniverseOptions } from './masters/types.js';
