export * from './api-fixtures';
export * from './test-api-config';
export * from './test-api-server';
export * from './test-db';
export * from './tcp-proxy';
