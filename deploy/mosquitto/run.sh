#!/bin/sh
# Runs Mosquitto and sends it SIGHUP whenever the password file or the ACL
# changes (the mqtt-auth service rewrites them after provisioning).
set -eu
auth() { cat /mosquitto/auth/passwd /mosquitto/auth/acl 2>/dev/null | md5sum; }
mosquitto -c /mosquitto/config/mosquitto.conf &
pid=$!
trap 'kill -TERM "$pid"; wait "$pid"; exit 0' TERM INT
last=$(auth)
while kill -0 "$pid" 2>/dev/null; do
  sleep 5 &
  wait $!
  now=$(auth)
  if [ "$now" != "$last" ]; then
    kill -HUP "$pid"
    last=$now
  fi
done
wait "$pid"
