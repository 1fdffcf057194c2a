/**
 * What code outside the API app (the benchmark, its tests) may use of it: the only module of
 * apps/api that bench/ imports. Everything else in apps/api is internal and may change shape freely;
 * keep this a list of re-exports, so moving an implementation means changing one line here.
 */
export { startApiServer, type ApiServer } from './bootstrap';
export { loadApiConfig } from './config/api-config';
export { runMigrations } from './database/run-migrations';
export { deletedOfOthersSql, latestAuthorSeqSql } from './read-state/unread.sql';
