/**
 * What code outside the socket app (the benchmark, its tests) may use of it: the only module of
 * apps/socket that bench/ imports. Wire and response contracts (the /health body included) live in
 * @app/shared; everything else here is internal. Keep this a list of re-exports.
 */
export { startSocketServer, type RunningSocketServer } from './bootstrap';
export { loadSocketConfig } from './config/socket-config';
export { SOCKET_NODE_FLAGS } from './node-flags';
