#!/bin/sh
# Queue the campaign's array, then the merge once every task has ended well (afterok: a task that
# found violations exits 0 from fuzz-shard.sbatch; one that failed holds the merge back).
set -e
cd "$(dirname "$0")"
array=$(sbatch --parsable fuzz-shard.sbatch)
sbatch --dependency=afterok:"${array%%;*}" fuzz-merge.sbatch
