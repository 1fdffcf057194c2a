export * from './config/config-error';
export * from './config/parse-env';
export * from './config/env-fields';
export * from './config/log-level';
export * from './auth/user-token-verifier';
export * from './metrics/metrics-registry';
export * from './health/readiness';
