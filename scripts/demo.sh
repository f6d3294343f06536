#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, starts the local stack and every hub service,
# sends sample exchanges through the hub, starts simulated partner traffic, and prints where to
# look. `npm run down` stops it all.
# Traffic: DEMO_TRAFFIC_COUNT messages (default 400; 0 for none) at DEMO_TRAFFIC_RATE per second
# (default 4) from DEMO_TRAFFIC_SEED (default 2025); the same seed gives the same traffic.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export HUB_STACK_PROFILE="${HUB_STACK_PROFILE:-demo}"
DEMO_TRAFFIC_COUNT="${DEMO_TRAFFIC_COUNT:-400}"
DEMO_TRAFFIC_RATE="${DEMO_TRAFFIC_RATE:-4}"
DEMO_TRAFFIC_SEED="${DEMO_TRAFFIC_SEED:-2025}"

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
bash scripts/ensure-deps.sh
step "build"
npm run -s build
step "local stack (Kafka, PostgreSQL, SMTP sink) — profile $HUB_STACK_PROFILE"
infra/bin/stack up
set -a
# shellcheck disable=SC1090
source <(infra/bin/stack env)
set +a
step "database migrations and topics"
node dist/apps/cli/src/main.js db migrate
node dist/apps/cli/src/main.js topics create
step "hub services"
infra/bin/hub-services up
step "sample exchanges"
for sample in demo/samples/*.json; do
  node dist/apps/cli/src/main.js publish --file "$sample" --new-id
done
monitor_port="$(infra/bin/hub-services env monitor | grep MONITOR_HTTP_PORT | cut -d= -f2)"
simulator_port="$(infra/bin/hub-services env partner-simulator | grep SIMULATOR_HTTP_PORT | cut -d= -f2)"
step "one message over HTTPS: 3F's a-kasse system posts a recommendation to the ingress"
ingress_port="$(infra/bin/hub-services env ingress | grep INGRESS_HTTP_PORT | cut -d= -f2)"
key_3f="$(infra/bin/hub-services env ingress | sed -n 's/^INGRESS_PARTNER_API_KEYS=.*akasse:3F=\([^,]*\).*/\1/p')"
https_message="$(node -e '
  const sample = require("./demo/samples/f1-early-offer-recommendation.json");
  sample.value.envelope.messageId = require("crypto").randomUUID();
  process.stdout.write(JSON.stringify(sample));
')"
https_message_id="$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).value.envelope.messageId)' "$https_message")"
echo "POST https://127.0.0.1:$ingress_port/messages (x-api-key: 3F's key, trusting .stack/$HUB_STACK_PROFILE/ingress-tls/ca.crt)"
printf '%s' "$https_message" | curl -sS --fail-with-body --cacert ".stack/$HUB_STACK_PROFILE/ingress-tls/ca.crt" \
  -H "x-api-key: $key_3f" -H 'content-type: application/json' --data-binary @- \
  -w '\n(HTTP %{http_code})\n' "https://127.0.0.1:$ingress_port/messages"
DEMO_EXPECTED_EXCHANGES="$(find demo/samples -name '*.json' | wc -l)" node scripts/wait-for-demo.js "$monitor_port"
node scripts/wait-for-demo.js --exchange "$monitor_port" "$https_message_id"
# The samples reach every kind of partner: F1 a jobcentre; the VITAS grant a company, an a-kasse and a union.
node scripts/wait-for-demo.js --deliveries "$simulator_port"
if [[ "$DEMO_TRAFFIC_COUNT" != 0 ]]; then
  step "simulated partner traffic: $DEMO_TRAFFIC_COUNT messages at $DEMO_TRAFFIC_RATE/s, seed $DEMO_TRAFFIC_SEED"
  status="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
    -d "{\"seed\": $DEMO_TRAFFIC_SEED, \"rate\": $DEMO_TRAFFIC_RATE, \"count\": $DEMO_TRAFFIC_COUNT}" \
    "http://127.0.0.1:$simulator_port/traffic")"
  case "$status" in
    202) node scripts/wait-for-demo.js --traffic "$simulator_port" ;;
    409) echo "a traffic run is still going (see http://127.0.0.1:$simulator_port/)" ;;
    *) echo "the simulator did not start the traffic (HTTP $status)" >&2; exit 1 ;;
  esac
fi
step "the hub is running"
infra/bin/hub-services urls
echo "  more traffic:                       curl -X POST -H 'content-type: application/json' -d '{\"seed\": 7, \"rate\": 5, \"count\": 300}' http://127.0.0.1:$simulator_port/traffic"
echo
echo "Stop everything with: npm run down"
