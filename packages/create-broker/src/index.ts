// `@openalgo/create-broker`: `npm create @openalgo/broker <id>` runs the bin (src/cli.ts); the generator
// is exported too, for tools that scaffold brokers programmatically.
export {
  type GenerateOptions,
  type GenerateResult,
  generateBroker,
  renderTemplates,
  SOURCE_TEMPLATES,
} from './generate.js';
export {
  BROKER_ID_PATTERN,
  type BrokerNames,
  brokerNames,
  validateBrokerId,
  validateDisplayName,
} from './names.js';
export { CONTRACT, OPENALGO_RANGE, THIRD_PARTY_VERSIONS } from './versions.js';
