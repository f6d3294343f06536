#!/usr/bin/env bash
# scripts/stack-smoke.sh: proves the local stack (infra/bin/stack) works on this machine. Brings it up
# twice (the second time must change nothing), checks that every service really answers the way the hub
# uses it, brings it down, and exits non-zero on any failure.
#
#   kafka     kafkajs admin: listTopics, then a topic created up front, a transactional produce and a
#             consumer-group read (these hang on a single node without replication factor 1 settings)
#   postgres  psql `select 1` as the hub user over TCP with its password; a wrong password is refused
#   smtp      one mail sent with nodemailer to HUB_SMTP_URL, read back from maildev's REST API
#   all       every port listens on 127.0.0.1 only
#
# Uses HUB_STACK_PROFILE (default here: test) and refuses to run when that profile is already up, since
# it ends with `down`. Usage: bash scripts/stack-smoke.sh
set -euo pipefail

REPO_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cd -- "$REPO_ROOT"
readonly STACK=infra/bin/stack
export HUB_STACK_PROFILE=${HUB_STACK_PROFILE:-test}
export KAFKAJS_NO_PARTITIONER_WARNING=1

passed=0
failed=0
started_stack=0
out_file=$(mktemp)

now_ms() { date +%s%3N; }
secs() { # secs START_MS -> 1.2s
  local ms=$(($(now_ms) - $1))
  printf '%d.%ds' "$((ms / 1000))" "$((ms % 1000 / 100))"
}
pass() {
  passed=$((passed + 1))
  printf 'smoke: ok    %s\n' "$*"
}
fail() {
  failed=$((failed + 1))
  printf 'smoke: FAIL  %s\n' "$*"
}
show_output() { sed 's/^/    | /' "$out_file"; }

finish() {
  local rc=$?
  if ((started_stack)); then
    echo "smoke: stopping the '$HUB_STACK_PROFILE' stack after an early exit"
    "$STACK" down || true
  fi
  rm -f -- "$out_file"
  ((rc == 0)) || echo "smoke: aborted (exit $rc)"
}
trap finish EXIT

# Runs the stack with the given arguments, output kept in $out_file and echoed indented.
run_stack() {
  local rc=0
  "$STACK" "$@" >"$out_file" 2>&1 || rc=$?
  show_output
  return "$rc"
}

# ------------------------------------------------------------------------------------------ pre-check

rc=0
"$STACK" status >"$out_file" 2>&1 || rc=$?
if ((rc != 0 && rc != 3)); then
  show_output
  echo "smoke: '$STACK status' failed (exit $rc)"
  exit 1
fi
if grep -Eq '^ +[a-z]+ +(up|starting|other-ports) ' "$out_file"; then
  show_output
  echo "smoke: the '$HUB_STACK_PROFILE' stack is already running and this test ends with 'down'."
  echo "smoke: stop it first ($STACK down) or use another profile (HUB_STACK_PROFILE=...)."
  exit 1
fi

# ----------------------------------------------------------------------------------------- up, twice

echo "smoke: profile '$HUB_STACK_PROFILE': $STACK up"
t=$(now_ms)
started_stack=1
if run_stack up; then
  pass "first 'up' in $(secs "$t")"
else
  fail "first 'up' exited non-zero"
  echo "smoke: $passed passed, $failed failed"
  exit 1
fi

t=$(now_ms)
if run_stack up; then
  n=$(grep -c 'already running' "$out_file" || true)
  if ((n == 3)); then
    pass "second 'up' left all 3 services alone, in $(secs "$t")"
  else
    fail "second 'up' should report 3 services 'already running', reported $n"
  fi
else
  fail "second 'up' exited non-zero"
fi

if run_stack status; then
  pass "'status' reports every service up (exit 0)"
else
  fail "'status' exited non-zero while the stack should be up"
fi

# The documented way for scripts and test set-ups to take the settings.
set -a
# shellcheck source=/dev/null
source <("$STACK" env)
set +a
for var in HUB_KAFKA_BROKERS HUB_DATABASE_URL HUB_SMTP_URL HUB_MAIL_UI_URL HUB_PG_PORT HUB_PG_USER; do
  [[ -n ${!var:-} ]] || fail "'env' did not print $var"
done

# ---------------------------------------------------------------------------------------------- kafka

t=$(now_ms)
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
if node -e '
const { Kafka, logLevel } = require("kafkajs");
const fs = require("fs");
// A secured profile (HUB_KAFKA_SECURITY=sasl_ssl): TLS with the stack CA, SCRAM as the operator.
const { HUB_KAFKA_CA_FILE: caFile, HUB_KAFKA_CREDENTIALS_FILE: credentialsFile } = process.env;
const password = credentialsFile &&
  fs.readFileSync(credentialsFile, "utf8").split("\n").find((line) => line.startsWith("hub-operator="))?.slice(13);
const security = caFile ? { ssl: { ca: fs.readFileSync(caFile, "utf8") }, connectionTimeout: 10000,
  sasl: { mechanism: "scram-sha-512", username: "hub-operator", password } } : {};
const kafka = new Kafka({ clientId: "stack-smoke", brokers: [process.env.HUB_KAFKA_BROKERS], logLevel: logLevel.ERROR, ...security });
const timer = setTimeout(() => { console.error("kafka check timed out after 60s"); process.exit(1); }, 60000);
(async () => {
  const admin = kafka.admin();
  await admin.connect();
  const before = await admin.listTopics();
  const topic = `stack-smoke.${process.pid}.${Date.now()}`;
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, transactionalId: `${topic}.tx` });
  await producer.connect();
  const tx = await producer.transaction();
  await tx.send({ topic, messages: [{ key: "k", value: "hej" }] });
  await tx.commit();
  const consumer = kafka.consumer({ groupId: `${topic}.group` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const value = await new Promise((resolve, reject) => {
    consumer.run({ eachMessage: async ({ message }) => resolve(message.value.toString()) }).catch(reject);
  });
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  if (value !== "hej") throw new Error(`read back ${JSON.stringify(value)}, expected "hej"`);
  let refused = "";
  if (caFile) {
    // Without credentials the secured broker must give nothing away.
    const anonymous = new Kafka({ clientId: "stack-smoke-anonymous", brokers: [process.env.HUB_KAFKA_BROKERS],
      logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    const listed = await anonymous.connect().then(() => anonymous.listTopics()).then(() => true, () => false);
    await anonymous.disconnect();
    if (listed) throw new Error("a plaintext client without credentials listed the topics");
    refused = "; SCRAM over TLS as hub-operator, a plaintext client refused";
  }
  console.log(`listTopics saw ${before.length} topic(s); created ${topic}, committed a transaction, read it in a group${refused}`);
  clearTimeout(timer);
})().catch((err) => { console.error(err); process.exit(1); });
' >"$out_file" 2>&1; then
  pass "kafka at $HUB_KAFKA_BROKERS: $(tail -n 1 "$out_file") ($(secs "$t"))"
else
  show_output
  fail "kafka at $HUB_KAFKA_BROKERS does not work with kafkajs"
fi

# ------------------------------------------------------------------------------------------- postgres

psql_bin=$(command -v psql || true)
if [[ -z $psql_bin ]]; then
  for d in /usr/lib/postgresql/*/bin; do [[ -x $d/psql ]] && psql_bin=$d/psql; done
fi
if [[ -z $psql_bin ]]; then
  fail "postgres: no psql found (PATH or /usr/lib/postgresql/*/bin)"
else
  if got=$(PGPASSWORD=$HUB_PG_PASSWORD PGCONNECT_TIMEOUT=5 "$psql_bin" -X -At -h 127.0.0.1 -p "$HUB_PG_PORT" \
    -U "$HUB_PG_USER" -d "$HUB_PG_DATABASE" -c 'select 1' 2>&1) && [[ $got == 1 ]]; then
    pass "postgres: 'select 1' as $HUB_PG_USER over TCP at 127.0.0.1:$HUB_PG_PORT"
  else
    fail "postgres: 'select 1' as $HUB_PG_USER over TCP failed: $got"
  fi
  if got=$(PGPASSWORD="not-$HUB_PG_PASSWORD" PGCONNECT_TIMEOUT=5 "$psql_bin" -X -At -h 127.0.0.1 -p "$HUB_PG_PORT" \
    -U "$HUB_PG_USER" -d "$HUB_PG_DATABASE" -c 'select 1' 2>&1); then
    fail "postgres: a wrong password was accepted (expected scram-sha-256 password authentication)"
  elif [[ $got == *'password authentication failed'* ]]; then
    pass "postgres: a wrong password is refused"
  else
    fail "postgres: wrong-password check failed for another reason: $got"
  fi
fi

# ----------------------------------------------------------------------------------------------- smtp

t=$(now_ms)
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
if node -e '
const nodemailer = require("nodemailer");
const ui = process.env.HUB_MAIL_UI_URL;
const subject = `stack smoke ${process.pid} ${Date.now()}`;
const timer = setTimeout(() => { console.error("smtp check timed out after 30s"); process.exit(1); }, 30000);
(async () => {
  await nodemailer.createTransport(process.env.HUB_SMTP_URL).sendMail({
    from: "hub@example.test", to: "sagsbehandler@example.test", subject, text: "Hej fra hubben: æøå",
  });
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${ui}/email`);
    if (!res.ok) throw new Error(`GET ${ui}/email: HTTP ${res.status}`);
    const mail = (await res.json()).find((m) => m.subject === subject);
    if (mail) {
      if (!mail.text.includes("æøå")) throw new Error(`body came back as ${JSON.stringify(mail.text)}`);
      const del = await fetch(`${ui}/email/${mail.id}`, { method: "DELETE" });
      if (!del.ok) throw new Error(`DELETE ${ui}/email/${mail.id}: HTTP ${del.status}`);
      console.log(`sent "${subject}", found it at ${ui}/email (id ${mail.id}), deleted it`);
      clearTimeout(timer);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`mail "${subject}" not listed by ${ui}/email after 10s`);
})().catch((err) => { console.error(err); process.exit(1); });
' >"$out_file" 2>&1; then
  pass "smtp at $HUB_SMTP_URL: $(tail -n 1 "$out_file") ($(secs "$t"))"
else
  show_output
  fail "smtp at $HUB_SMTP_URL / $HUB_MAIL_UI_URL does not work"
fi

# --------------------------------------------------------------------------------------- loopback only

if command -v ss >/dev/null 2>&1; then
  for port in "$HUB_KAFKA_PORT" "$HUB_KAFKA_CONTROLLER_PORT" "$HUB_PG_PORT" "$HUB_SMTP_PORT" "$HUB_MAIL_UI_PORT"; do
    addrs=$(ss -ltnH "sport = :$port" | awk '{print $4}' | sort -u | tr '\n' ' ')
    if [[ -z $addrs ]]; then
      fail "port $port: nothing listening"
    elif [[ $(tr ' ' '\n' <<<"$addrs" | grep -Ev '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):[0-9]+$' | grep -c . || true) != 0 ]]; then
      fail "port $port listens beyond loopback: $addrs"
    else
      pass "port $port listens on loopback only (${addrs% })"
    fi
  done
else
  echo "smoke: skip  loopback-only check (no 'ss' on this machine)"
fi

# ------------------------------------------------------------------------------------ down, and again

t=$(now_ms)
if run_stack down; then
  started_stack=0
  pass "'down' in $(secs "$t")"
else
  fail "'down' exited non-zero"
fi

rc=0
run_stack status || rc=$?
if ((rc == 3)) && ! grep -Eq '^ +[a-z]+ +(up|starting|stale|other-ports) ' "$out_file"; then
  pass "'status' after 'down' reports everything down (exit 3)"
else
  fail "'status' after 'down' should exit 3 with every service down (exit $rc)"
fi

if run_stack down; then
  pass "'down' with nothing running is fine"
else
  fail "'down' with nothing running exited non-zero"
fi

echo "smoke: $passed passed, $failed failed"
((failed == 0))
