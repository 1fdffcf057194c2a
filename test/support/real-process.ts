import { runInThisContext } from 'node:vm';

/**
 * The Node process itself. Inside a jest test `process` is a copy whose listeners never hear the
 * real process's events (`warning`, `unhandledRejection`); code run in the main context sees the
 * real one.
 */
export function realProcess(): NodeJS.Process {
  return runInThisContext('process') as NodeJS.Process;
}
