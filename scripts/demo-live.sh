#!/usr/bin/env bash
# `reflex run` live: the greenhouse rules against a local mosquitto and a tiny simulated greenhouse, for about
# 25 seconds, then a clean stop. Usage: scripts/demo-live.sh REFLEX_BINARY (scripts/demo.sh calls it at its end).
#
# The example greenhouse drives its fan and heater through GPIO lines and sends some alerts to a webhook on
# ops.example.com. This machine has no GPIO chip and that host is not ours, so the demo runs a copy of the rule
# set in which the fan and heater are MQTT relays (greenhouse-a/actuators/fan/set, .../heater/set) and the webhook
# notifier publishes on it/alerts/greenhouse-a/webhook. Every rule is the example's own; only the wiring differs.
# (A --dry-run of the real rule set would show the decisions but publish nothing, so the plant could not react.)
set -euo pipefail
cd "$(dirname "$0")/.."
reflex="$1"

tmp="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# A free loopback port: one nothing answers on.
port=18830
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

cat > "$tmp/mosquitto.conf" <<CONF
user $(id -un)
persistence false
allow_anonymous true
listener $port 127.0.0.1
CONF
mosquitto -c "$tmp/mosquitto.conf" > "$tmp/mosquitto.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    mosquitto_pub -p "$port" -t demo/ping -m up 2>/dev/null && break
    sleep 0.1
done

mkdir -p "$tmp/rules" "$tmp/plant"
sed -e "s#broker: mqtt://127.0.0.1:1883#broker: mqtt://127.0.0.1:$port#" \
    -e 's#http: https://ops.example.com/hooks/reflex#mqtt: it/alerts/greenhouse-a/webhook#' \
    -e '/^    method: POST$/d' -e '/^    headers: { Authorization: /d' -e '/^    timeout: 5s$/d' \
    rules/greenhouse/site.yaml > "$tmp/rules/site.yaml"
sed -e 's#gpio: { chip: gpiochip0, line: 27 }#mqtt: greenhouse-a/actuators/fan/set#' \
    -e 's#gpio: { chip: gpiochip0, line: 22 }#mqtt: greenhouse-a/actuators/heater/set#' \
    rules/greenhouse/climate.yaml > "$tmp/rules/climate.yaml"

# The plant listens to its actuators (a file per actuator holds its last command) and shows what it is told.
# (Started through sh so that its pid can be kept: `$!` of a pipeline is the pid of its last part.)
sh -c 'echo $$ > "$1"; exec mosquitto_sub -p "$2" -t "greenhouse-a/actuators/#" -t "it/alerts/#" -t "reflex/#" -v' \
    sh "$tmp/sub.pid" "$port" | while read -r topic payload; do
    case "$topic" in
        greenhouse-a/actuators/*) name="${topic#greenhouse-a/actuators/}"; echo "$payload" > "$tmp/plant/${name%/set}" ;;
    esac
    echo "                                  mqtt  $topic $payload"
done &
pids+=($!)
sleep 0.3
pids+=("$(cat "$tmp/sub.pid")")

echo "reflex run (the greenhouse rules, MQTT-wired) against mqtt://127.0.0.1:$port, state in $tmp/state"
"$reflex" run "$tmp/rules" --state-dir "$tmp/state" &
reflex_pid=$!
pids+=($reflex_pid)
sleep 1

# The greenhouse: a cold night, 2 °C. The heater warms it 1.5 °C a second, the roof vent lets heat out in
# proportion to its opening, and the night takes 0.3 °C a second.
temp=2.0
for second in $(seq 1 24); do
    heater="$(cat "$tmp/plant/heater" 2>/dev/null || echo off)"
    vent="$(sed -e 's/[^0-9.]//g' "$tmp/plant/roof-vent" 2>/dev/null || true)"
    vent="${vent:-0}"
    temp="$(awk -v t="$temp" -v h="$heater" -v v="$vent" \
        'BEGIN { t += (h == "on" ? 1.5 : 0) - 0.3 - v / 100; printf "%.1f", t }')"
    echo "plant  ${second}s: ${temp} °C, heater $heater, roof vent ${vent} %"
    mosquitto_pub -p "$port" -t greenhouse-a/sensors/climate -m "{\"temperature\": $temp, \"humidity\": 70}"
    case "$second" in
        12) echo "plant  the grower switches to manual and asks for the roof 40 % open"
            mosquitto_pub -p "$port" -t greenhouse-a/vent/manual -m 40
            mosquitto_pub -p "$port" -r -t greenhouse-a/mode -m manual ;;
        20) echo "plant  back to auto"
            mosquitto_pub -p "$port" -r -t greenhouse-a/mode -m auto ;;
    esac
    sleep 1
done

echo "plant  SIGTERM to reflex: outputs to their safe values, offline status, exit"
kill -TERM "$reflex_pid"
status=0
wait "$reflex_pid" || status=$?
echo "reflex exited with $status"
sleep 0.5
