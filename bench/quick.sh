#!/usr/bin/env bash
# The quick mode: one `ratio <case> <baseline> <value>` line per comparison (and `check` and
# `note` lines), in under 5 minutes on 2 cores. Same arguments as bench/run.sh.
set -euo pipefail
exec "$(dirname "$0")/run.sh" --quick "$@"
