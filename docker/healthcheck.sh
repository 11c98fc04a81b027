#!/usr/bin/env bash
# Container HEALTHCHECK: GET <path> on the app's management port and succeed only on HTTP 200.
# Plain bash /dev/tcp so the runtime images need neither curl nor wget.
set -euo pipefail
path="${1:-/health/readiness}"
port="${ENDPOINTS_ALL_PORT:-8085}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
read -r -t 4 status_line <&3
exec 3<&-
[[ "$status_line" == HTTP/1.?" 200"* ]]
