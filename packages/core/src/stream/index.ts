export * from './market-streams.js';
export * from './mode-rank.js';
export * from './open-streams.js';
export * from './reconnecting-socket.js';
export * from './shared-market-stream.js';
export * from './ticks.js';
export * from './ws-egress.js';
export * from './ws-socket.js';
