/**
 * Node flags the socket app is started with: by `npm start`, `scripts/start-cluster.ts`,
 * docker-compose.yml (its test checks the copy) and the benchmark. Node reads them only at launch.
 *
 * A chat waits for its batch's round trip to the API (tens of milliseconds under load) before it
 * is broadcast and dropped, so at thousands of chats a second most per-chat objects outlive V8's
 * default young generation (16 MB semi-spaces) and are copied, then promoted and marked. Bigger
 * semi-spaces let them die young. Measured in docs/PERFORMANCE.md ("Garbage collection in the
 * socket app"): less socket CPU per message, for a few KB of RSS per idle connection.
 */
export const SOCKET_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
