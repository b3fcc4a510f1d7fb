#!/usr/bin/env bash
# Identity benchmark: password-hash cost for candidate parameters and login / token-check latency
# through HTTP on the embedded stack. Writes bench/results/auth.txt (takes about 2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test -Dtest=AuthBench -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true
cat bench/results/auth.txt
