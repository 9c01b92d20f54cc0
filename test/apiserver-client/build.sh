#!/usr/bin/env bash
# Builds test/apiserver-client/bin/apiserver-client from any working directory.
# Needs Go >= 1.26 and the Go module proxy (or a warm module cache); go.sum is
# committed, so the module versions are fixed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
mkdir -p bin
go build -buildvcs=false -o bin/apiserver-client .
