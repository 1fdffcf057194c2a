import { z } from 'zod';

/** What `npm start` reads from the environment; everything else passes through to the apps. */
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  API_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SOCKET_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  PUBLIC_HOST: z.string().default('localhost'),
  AUTH_MODE: z.enum(['dev', 'jwt']).optional(),
  JWT_SECRET: z.string().min(16).optional(),
  INTERNAL_TOKEN: z.string().min(16).optional(),
});

export type LauncherConfig = z.output<typeof schema>;

export function loadLauncherConfig(env: NodeJS.ProcessEnv): LauncherConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
