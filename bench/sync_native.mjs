// "sync" section of the benchmark (scripts/bench.sh): runs the native crm-sync-bench (bench/sync_bench.cpp) against
// the release server and passes its tables through. CRM_BENCH_SYNC_CONTACTS sets the loaded store's size.
import { execFileSync } from 'node:child_process';
import { SERVER_BIN, SYNC_BENCH_BIN } from './common.mjs';

const CONTACTS = process.env.CRM_BENCH_SYNC_CONTACTS || '100000';

export function benchSyncNative() {
  execFileSync(SYNC_BENCH_BIN, ['--server', SERVER_BIN, '--contacts', CONTACTS], { stdio: ['ignore', 'inherit', 'inherit'] });
}
