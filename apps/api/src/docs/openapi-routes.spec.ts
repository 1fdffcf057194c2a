import 'reflect-metadata';
import { type DynamicModule, RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA, HTTP_CODE_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { INTERNAL_ROUTES, INTERNAL_USER_EVENTS_ROUTE, REST_ROUTES } from '@app/shared';
import { AppModule } from '../app.module';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import type { ApiConfig } from '../config/api-config';

/** A route as Nest registers it, read from the decorators' metadata (what the router itself reads). */
interface RegisteredRoute {
  key: string;
  status: number;
  auth: boolean;
}

/** Not part of the public REST API: the socket app's routes, Prometheus's, and the documents' own. */
const UNDOCUMENTED = [...Object.values(INTERNAL_ROUTES), INTERNAL_USER_EVENTS_ROUTE, '/metrics', '/health', '/docs'];

function controllersOf(root: DynamicModule): Type[] {
  const seen = new Set<unknown>();
  const controllers: Type[] = [];
  const visit = (entry: Type | DynamicModule): void => {
    const module = 'module' in entry ? entry.module : entry;
    if (seen.has(entry)) return;
    seen.add(entry);
    controllers.push(...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) as Type[] | undefined) ?? []));
    if ('module' in entry) controllers.push(...((entry.controllers as Type[] | undefined) ?? []));
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) as (Type | DynamicModule)[] | undefined) ?? []),
      ...('module' in entry ? ((entry.imports as (Type | DynamicModule)[] | undefined) ?? []) : []),
    ];
    for (const imported of imports) visit(imported);
  };
  visit(root);
  return [...new Set(controllers)];
}

const joinPath = (...parts: string[]) =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

function registeredRoutes(): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  for (const controller of controllersOf(AppModule.forRoot({} as ApiConfig))) {
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
    const classGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? [];
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (method === undefined || sub === undefined) continue;
      const path = joinPath(base, sub).replace(/:(\w+)/g, '{$1}');
      if (UNDOCUMENTED.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) continue;
      const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? [])];
      routes.push({
        key: `${RequestMethod[method].toLowerCase()} ${path}`,
        status: (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === RequestMethod.POST ? 201 : 200),
        auth: guards.includes(JwtAuthGuard),
      });
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

describe('the OpenAPI route table and the API controllers', () => {
  const registered = registeredRoutes();
  const documented = REST_ROUTES.map((route) => ({ key: `${route.method} ${route.path}`, status: route.status, auth: route.auth })).sort(
    (a, b) => a.key.localeCompare(b.key),
  );

  it('finds the controllers (a broken walk would make the comparison vacuous)', () => {
    expect(registered.length).toBeGreaterThanOrEqual(10);
    expect(registered.map((route) => route.key)).toContain('get /me');
  });

  it('documents every public route, and only those (add the new route to REST_ROUTES in libs/shared/src/docs/rest-routes.ts)', () => {
    expect(documented.map((route) => route.key)).toEqual(registered.map((route) => route.key));
  });

  it('documents each route with the status it answers and whether it needs a token', () => {
    expect(documented).toEqual(registered);
  });

  it('has one entry per route and unique operation ids', () => {
    expect(new Set(documented.map((route) => route.key)).size).toBe(documented.length);
    expect(new Set(REST_ROUTES.map((route) => route.operationId)).size).toBe(REST_ROUTES.length);
  });
});
