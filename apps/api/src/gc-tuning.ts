import v8 from 'node:v8';

/**
 * Imported first by main.ts, before the app allocates anything of note.
 *
 * V8 "pretenures" an allocation site (allocates its objects straight into the old generation) once
 * most of its objects survive a young-generation GC. Under the API's request load it decides that
 * for sites of per-request objects (Express, Nest and pg results of one request), which then die in
 * old space and, until the next full GC, keep the young objects they point to alive through every
 * scavenge (measured 2026-11, Node 20): each scavenge copied and promoted 2.5-3.5 MB and paused 4-8 ms, every 40 unread
 * requests. Without pretenuring: 0.56 MB promoted, 1.7 ms pauses; `GET /api/me/unread` over the read
 * benchmark's data p95 5.6 -> 4.9 ms, p99 8.6 -> 7.4 ms (alternating runs, docs/PERFORMANCE.md).
 * The flag only changes where V8 allocates; setting it at run time is read at each GC.
 */
v8.setFlagsFromString('--no-allocation-site-pretenuring');
