#!/usr/bin/env bash
# The Dockerfile's steps, outside a container (no Docker engine in CI): so a file the image lacks,
# a dev-only dependency, or a broken HEALTHCHECK/CMD fails here rather than in someone's cluster.
#
#   0. deploy/prometheus.yml passes `promtool check config` (when promtool is installed);
#   1. the build context: the repository filtered by .dockerignore;
#   2. each stage of the Dockerfile in a directory of its own standing for its filesystem: its COPY
#      lines (from the context or from an earlier stage), its `npm ci` / `npm run` RUN commands, its
#      ENV; other RUN commands (mkdir, chown, cache clean) only apply inside an image and are skipped;
#   3. every package that dist/ imports resolves in the runtime stage's production-only install;
#   4. the runtime stage's CMD, started with only the image's ENV (PORT on a free port, HOST=127.0.0.1)
#      and the application files read-only; its HEALTHCHECK command, /healthz, /readyz, /metrics and
#      one market order, the replay scenario (scenarios/ and fixtures/); then the STOPSIGNAL, and
#      exit 0 within 10 s.
#
# Needs bash, node, npm and curl; npm ci reaches the registry (the npm cache makes reruns quick).
# Usage: scripts/container-smoke.sh   (KEEP=1 keeps the work directory for a look afterwards)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/container-smoke.XXXXXX")
CONTEXT="$WORK/context"
STAGES="$WORK/stages"
SERVER_PID=''
STARTED=$SECONDS

step() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
fail() {
  printf '\ncontainer-smoke: FAILED: %s\n' "$*" >&2
  exit 1
}

cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$status" != 0 ] && [ -s "$WORK/server.log" ]; then
    printf '\n--- server output (last 40 lines) ---\n' >&2
    tail -n 40 "$WORK/server.log" >&2 || true
  fi
  if [ "${KEEP:-}" = 1 ]; then
    echo "container-smoke: kept $WORK" >&2
  else
    chmod -R u+w "$WORK" 2>/dev/null || true
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in node npm curl; do
  command -v "$tool" >/dev/null || fail "$tool is needed and not on PATH"
done

# ---------------------------------------------------------------------------------------------
step "deploy/prometheus.yml (docker-compose.yml's scrape config)"
if command -v promtool >/dev/null; then
  promtool check config "$ROOT/deploy/prometheus.yml" 2>&1 | sed 's/^/    /' ||
    fail "promtool rejects deploy/prometheus.yml"
else
  note "skipped: promtool is not installed (apt-get install prometheus)"
fi

# ---------------------------------------------------------------------------------------------
step "build context: $ROOT filtered by .dockerignore"
node - "$ROOT" "$CONTEXT" <<'JS'
// .dockerignore in Docker's sense: patterns relative to the context root, `*` and `?` within one
// path segment, `**` across segments, a match excludes everything beneath, `!` re-includes, the
// last matching line wins. (An exception below an excluded directory is not re-included here.)
const { cpSync, existsSync, readFileSync, mkdirSync } = require('node:fs')
const { relative, sep } = require('node:path')
const [root, context] = process.argv.slice(2)
const file = `${root}/.dockerignore`
const rules = (existsSync(file) ? readFileSync(file, 'utf8') : '')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const negate = line.startsWith('!')
    const pattern = (negate ? line.slice(1) : line).replace(/^\.?\/+/, '').replace(/\/+$/, '')
    let re = ''
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]
      if (c === '*' && pattern[i + 1] === '*') {
        re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*'
        i += pattern[i + 2] === '/' ? 2 : 1
      } else if (c === '*') re += '[^/]*'
      else if (c === '?') re += '[^/]'
      else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    }
    return { negate, re: new RegExp(`^${re}$`) }
  })
const ignored = (path) => {
  const prefixes = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))
  let out = false
  for (const { negate, re } of rules) if (prefixes.some((p) => re.test(p))) out = !negate
  return out
}
mkdirSync(context, { recursive: true })
cpSync(root, context, {
  recursive: true,
  filter: (src) => {
    const path = relative(root, src).split(sep).join('/')
    return path === '' || !ignored(path)
  },
})
JS
note "$(cd "$CONTEXT" && find . -type f | wc -l | tr -d ' ') files: $(cd "$CONTEXT" && ls -A | tr '\n' ' ')"

# ---------------------------------------------------------------------------------------------
# The Dockerfile as a sequence of the calls below, one per instruction, arguments shell-quoted.
PLAN="$WORK/plan.sh"
node - "$ROOT/Dockerfile" >"$PLAN" <<'JS'
const { readFileSync } = require('node:fs')
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`
const die = (message) => {
  console.error(`Dockerfile: ${message}`)
  process.exit(1)
}
const text = readFileSync(process.argv[2], 'utf8')
const lines = []
let current = ''
for (const raw of text.split('\n')) {
  if (/^\s*#/.test(raw)) continue
  if (/\\\s*$/.test(raw)) {
    current += raw.replace(/\\\s*$/, ' ')
    continue
  }
  current += raw
  if (current.trim()) lines.push(current.trim())
  current = ''
}
const args = {}
const expand = (s) => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '')
const json = (rest, what) => {
  try {
    const value = JSON.parse(rest)
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value
  } catch {}
  die(`${what} must be in exec form, a JSON array of strings: ${rest}`)
}
for (const line of lines) {
  const [, keyword, rest = ''] = /^(\S+)\s*(.*)$/.exec(line)
  switch (keyword.toUpperCase()) {
    case 'ARG': {
      const [name, value = ''] = rest.split('=')
      args[name] = value
      break
    }
    case 'FROM': {
      const [image, as, name] = rest.split(/\s+/)
      const stage = as?.toUpperCase() === 'AS' ? name : String(lines.indexOf(line))
      console.log(`stage ${q(stage)} ${q(expand(image))}`)
      break
    }
    case 'WORKDIR':
      console.log(`workdir ${q(rest)}`)
      break
    case 'ENV':
      for (const word of rest.split(/\s+/)) {
        if (!/^\w+=\S*$/.test(word) || /["'$]/.test(word))
          die(`ENV must be KEY=value words without quotes or variables: ${rest}`)
        console.log(`env_set ${q(word)}`)
      }
      break
    case 'COPY': {
      const words = rest.split(/\s+/)
      let from = ''
      while (words[0]?.startsWith('--')) {
        const flag = words.shift()
        if (flag.startsWith('--from=')) from = flag.slice('--from='.length)
      }
      if (words.length < 2 || words.some((w) => /[*?[]/.test(w)))
        die(`COPY needs sources and a destination, without wildcards: ${rest}`)
      console.log(`copy ${q(from)} ${words.map(q).join(' ')}`)
      break
    }
    case 'ADD':
      die('use COPY, not ADD')
      break
    case 'RUN':
      console.log(`run ${rest.split('&&').map((s) => q(s.trim())).join(' ')}`)
      break
    case 'HEALTHCHECK': {
      const at = rest.indexOf('CMD ')
      if (at < 0) die(`HEALTHCHECK without CMD: ${rest}`)
      console.log(`healthcheck ${json(rest.slice(at + 4).trim(), 'HEALTHCHECK CMD').map(q).join(' ')}`)
      break
    }
    case 'CMD':
      console.log(`cmd ${json(rest, 'CMD').map(q).join(' ')}`)
      break
    case 'ENTRYPOINT':
      die('ENTRYPOINT is not emulated: use CMD')
      break
    case 'STOPSIGNAL':
      console.log(`stopsignal ${q(rest)}`)
      break
    default:
      console.log(`other ${q(line)}`)
  }
}
JS

STAGE='' STAGE_ROOT='' STAGE_WORKDIR='/'
STAGE_ENV=()
IMAGE_HEALTHCHECK=()
IMAGE_CMD=()
IMAGE_STOPSIGNAL=SIGTERM

in_stage() { printf '%s%s' "$STAGE_ROOT" "$1"; }
stage() {
  STAGE=$1 STAGE_ROOT="$STAGES/$1" STAGE_WORKDIR='/'
  STAGE_ENV=() IMAGE_HEALTHCHECK=() IMAGE_CMD=() IMAGE_STOPSIGNAL=SIGTERM
  mkdir -p "$STAGE_ROOT"
  step "stage $STAGE (FROM $2)"
}
workdir() {
  case $1 in /*) STAGE_WORKDIR=$1 ;; *) STAGE_WORKDIR="$STAGE_WORKDIR/$1" ;; esac
  mkdir -p "$(in_stage "$STAGE_WORKDIR")"
  note "WORKDIR $STAGE_WORKDIR"
}
env_set() {
  STAGE_ENV+=("$1")
  note "ENV $1"
}
copy() {
  local from=$1 base
  shift
  local dest=${!#} count=$(($# - 1)) src target
  base=$CONTEXT
  [ -n "$from" ] && base="$STAGES/$from"
  case $dest in /*) target=$(in_stage "$dest") ;; *) target=$(in_stage "$STAGE_WORKDIR/$dest") ;; esac
  for src in "${@:1:$count}"; do
    local path="$base/${src#/}"
    [ -e "$path" ] ||
      fail "COPY ${from:+--from=$from }$src: not found in ${from:-the build context}${from:+ stage} (missing, or excluded by .dockerignore)"
    if [ -d "$path" ]; then
      mkdir -p "$target"
      cp -R "$path/." "$target/"
    elif [ "$count" -gt 1 ] || [[ $dest == */ ]] || [ -d "$target" ]; then
      mkdir -p "$target"
      cp "$path" "$target/"
    else
      mkdir -p "$(dirname "$target")"
      cp "$path" "$target"
    fi
  done
  note "COPY ${from:+--from=$from }${*}"
}
run() {
  local command
  for command in "$@"; do
    if [[ $command =~ ^npm\ (ci|install|run)\  ]]; then
      note "RUN $command"
      (cd "$(in_stage "$STAGE_WORKDIR")" && env -u NODE_ENV "${STAGE_ENV[@]}" bash -c "$command") ||
        fail "stage $STAGE: $command"
    else
      note "RUN $command   (skipped: applies inside an image only)"
    fi
  done
}
healthcheck() { IMAGE_HEALTHCHECK=("$@"); }
cmd() { IMAGE_CMD=("$@"); }
stopsignal() { IMAGE_STOPSIGNAL=$1; }
other() { note "$1"; }

# shellcheck source=/dev/null
source "$PLAN"

APP=$(in_stage "$STAGE_WORKDIR")
[ ${#IMAGE_CMD[@]} -gt 0 ] || fail "the last stage ($STAGE) has no CMD"
[ ${#IMAGE_HEALTHCHECK[@]} -gt 0 ] || fail "the last stage ($STAGE) has no HEALTHCHECK"

# ---------------------------------------------------------------------------------------------
step "runtime stage: the files the package ships, and every package dist/ imports, are there"
[ -d "$APP/dist" ] || fail "no dist/ in the runtime stage"
(cd "$APP" && node -e '
  const pkg = require("./package.json")
  const fs = require("node:fs")
  const wanted = [...(pkg.files ?? []), ...Object.values(pkg.bin ?? {}), "package-lock.json"]
  const missing = wanted.filter((f) => !fs.existsSync(f))
  console.log(`    package.json "files" and bin: ${wanted.join(" ")}`)
  if (missing.length) {
    console.error(`    missing from the runtime stage: ${missing.join(" ")}`)
    process.exit(1)
  }
') || fail "the runtime stage lacks files the package ships (a COPY missing from the Dockerfile?)"
[ ! -e "$APP/node_modules/typescript" ] || fail "typescript is installed in the runtime stage: dev dependencies are not omitted"
(cd "$APP" && node --input-type=module - <<'JS') ||
// Static, side-effect and dynamic imports with a literal specifier; resolved as dist/ would.
import { readdirSync, readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
const files = readdirSync('dist', { recursive: true }).filter((f) => f.endsWith('.js'))
const imports = [
  /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g,
]
const packageName = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w./-]+)?$/
const packages = new Set()
for (const file of files) {
  const text = readFileSync(`dist/${file}`, 'utf8')
  for (const re of imports)
    for (const [, spec] of text.matchAll(re))
      if (packageName.test(spec) && !isBuiltin(spec)) packages.add(spec)
}
const missing = [...packages].filter((spec) => {
  try {
    import.meta.resolve(spec)
    return false
  } catch {
    return true
  }
})
console.log(`    ${files.length} modules import: ${[...packages].sort().join(' ')}`)
if (missing.length) {
  console.error(`    not installed by the production-only install: ${missing.join(' ')}`)
  process.exit(1)
}
JS
  fail "dist/ imports a package the runtime stage does not install (a devDependency?)"

# ---------------------------------------------------------------------------------------------
PORT=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })')
BASE="http://127.0.0.1:$PORT"
# The application files are root-owned in the image and the process runs as `node`: read-only here.
chmod -R a-w "$APP"
mkdir -p "$WORK/home"
RUN_ENV=(PATH="$PATH" HOME="$WORK/home" "${STAGE_ENV[@]}" PORT="$PORT" HOST=127.0.0.1)

step "start: ${IMAGE_CMD[*]}   (in $STAGE_WORKDIR; env ${STAGE_ENV[*]}, then PORT=$PORT HOST=127.0.0.1)"
(cd "$APP" && exec env -i "${RUN_ENV[@]}" "${IMAGE_CMD[@]}") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
note "pid $SERVER_PID"

step "wait for GET /healthz (30 s at most)"
deadline=$((SECONDS + 30))
until curl -fsS --max-time 2 -o /dev/null "$BASE/healthz" 2>/dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited before answering /healthz"
  [ "$SECONDS" -lt "$deadline" ] || fail "no answer from $BASE/healthz within 30 s"
  sleep 0.2
done
note "up after $((SECONDS - deadline + 30)) s: $(grep -m 1 -o 'listening on [^ ",]*' "$WORK/server.log" || true)"

# Prints the body; fails unless the status is the one expected. Call it as `x=$(http ...)`: a
# failure inside a command substitution stops the script only through an assignment.
http() {
  local expect=$1 method=$2 path=$3 body=${4:-} status
  local out="$WORK/response"
  if [ -n "$body" ]; then
    status=$(curl -sS --max-time 10 -o "$out" -w '%{http_code}' -X "$method" "$BASE$path" \
      -H 'Content-Type: application/json' -d "$body") || fail "$method $path: no answer"
  else
    status=$(curl -sS --max-time 10 -o "$out" -w '%{http_code}' -X "$method" "$BASE$path") ||
      fail "$method $path: no answer"
  fi
  if [ "$status" != "$expect" ]; then
    if [ "$path" = /metrics ] && [ "$status" = 404 ]; then
      fail "GET /metrics answered 404: the Prometheus metrics route (issue 8) is missing from the image. It is part of this check: the compose file's Prometheus scrapes it."
    fi
    fail "$method $path answered $status, expected $expect: $(head -c 500 "$out")"
  fi
  cat "$out"
}
# A field of the JSON on stdin, by a dotted path: json_field config.scenario
json_field() {
  node -e '
    let s = ""
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const value = process.argv[1].split(".").reduce((o, k) => o?.[k], JSON.parse(s))
      console.log(value ?? "")
    })' "$1"
}

step "HEALTHCHECK: ${IMAGE_HEALTHCHECK[*]}"
(cd "$APP" && env -i "${RUN_ENV[@]}" timeout 10 "${IMAGE_HEALTHCHECK[@]}") ||
  fail "the image's HEALTHCHECK command failed against a healthy server"
note "exit 0"

step "GET /healthz, GET /readyz"
health=$(http 200 GET /healthz)
ready=$(http 200 GET /readyz)
note "$health $ready"

step "GET /metrics"
metrics=$(http 200 GET /metrics)
grep -q '^[^#]*mock_broker_' <<<"$metrics" ||
  fail "GET /metrics answered 200 without any mock_broker_ metric"
note "$(grep -c '^mock_broker_' <<<"$metrics") mock_broker_ samples, $(grep -c '^# TYPE' <<<"$metrics") metric families"

step "one order: POST /v1/accounts/DEMO/orders (market buy), POST /mock/advance, GET the order"
order=$(http 201 POST /v1/accounts/DEMO/orders '{"symbol":"AAPL","side":"buy","qty":"1","type":"market"}')
id=$(json_field id <<<"$order")
[ -n "$id" ] || fail "the order answer has no id: $order"
note "placed $id ($(json_field status <<<"$order"))"
advanced=$(http 200 POST /mock/advance '{"ms":1000}')
note "advanced: $advanced"
status=$(http 200 GET "/v1/accounts/DEMO/orders/$id" | json_field status)
case $status in
  filled | partially_filled | new) note "$id is $status" ;;
  *) fail "order $id is $status after a second of virtual time, expected filled (or at least new)" ;;
esac

step "POST /mock/configure the replay scenario (reads scenarios/ and fixtures/)"
configured=$(http 200 POST /mock/configure '{"scenario":"replay","clock":{"mode":"manual"}}')
scenario=$(http 200 GET /mock/state | json_field config.scenario)
[ "$scenario" = replay ] || fail "configure answered $configured, yet the scenario is '$scenario'"
quotes=$(http 200 GET '/v1/quotes?symbols=AAPL')
note "scenario $scenario; AAPL: $(head -c 160 <<<"$quotes")"

step "stop with $IMAGE_STOPSIGNAL: exit 0 within 10 s"
kill -s "${IMAGE_STOPSIGNAL#SIG}" "$SERVER_PID"
deadline=$((SECONDS + 10))
while kill -0 "$SERVER_PID" 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "still running 10 s after $IMAGE_STOPSIGNAL"
  sleep 0.1
done
code=0
wait "$SERVER_PID" || code=$?
SERVER_PID=''
[ "$code" = 0 ] || fail "exited $code after $IMAGE_STOPSIGNAL, expected 0"
note "exited 0"

printf '\ncontainer-smoke: OK in %d s\n' "$((SECONDS - STARTED))"
