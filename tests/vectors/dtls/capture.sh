#!/bin/sh
# capture.sh: record real DTLS 1.2 PSK handshakes of OpenSSL and GnuTLS on
# loopback and write each as a vector file here (one datagram per line,
# "C <hex>" from the client, "S <hex>" from the server). Needs root
# (capture on lo) and openssl, gnutls-bin, tshark, iproute2; runs every
# peer in a private network namespace, so nothing leaves the machine:
#     sudo tests/vectors/dtls/capture.sh
# The vectors are committed; the unit tests and fuzz seeds read them, so
# this only needs to run again to refresh them (randoms and cookies change).
set -eu
out=$(cd "$(dirname "$0")" && pwd)
if [ "${CAPTURE_INNER:-}" != 1 ]; then
  exec unshare -n env CAPTURE_INNER=1 sh "$0" "$@"
fi
ip link set lo up
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
KEY=000102030405060708090a0b0c0d0e0f ID=client1 HINT=hint1
PRIO='NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+PSK:-CIPHER-ALL:+AES-128-CCM-8:-MAC-ALL:+AEAD'
HINT250=$(python3 -c 'print("h"*250)')
echo "$ID:$KEY" > psk.txt

# capture NAME PORT DESCRIPTION: run "$SERVER" and "$CLIENT" (shell
# snippets using $PORT) under tshark, write $out/NAME.hex
capture() {
  name=$1 PORT=$2 what=$3
  timeout 60 tshark -i lo -f "udp port $PORT" -w cap.pcap -q 2> ts.err &
  tp=$!
  for _ in $(seq 50); do grep -q 'Capturing on' ts.err && break; sleep 0.1; done
  eval "$SERVER" &
  sp=$!
  sleep 1
  eval "$CLIENT" > /dev/null 2>&1 || true
  sleep 0.5
  kill $sp 2>/dev/null || true
  wait $sp 2>/dev/null || true
  kill $tp; wait $tp 2>/dev/null || true
  {
    echo "# $what"
    echo "# PSK identity $ID, key $KEY; captured by tests/vectors/dtls/capture.sh on $(date -u +%Y-%m-%d)"
    echo "# with $(openssl version | cut -d' ' -f1-2), gnutls-bin $(gnutls-cli --version | head -1 | cut -d' ' -f2), $(tshark --version 2>/dev/null | head -1 | cut -d' ' -f1-3)"
    echo "# one UDP payload per line: C = from the client, S = from the server"
    tshark -r cap.pcap -T fields -e udp.srcport -e udp.payload 2>/dev/null |
      awk -v p="$PORT" '{ print ($1 == p ? "S" : "C"), $2 }'
  } > "$out/$name.hex"
  echo "capture.sh: $name: $(grep -c '^[CS] ' "$out/$name.hex") datagrams" >&2
}

OSRV='timeout 15 openssl s_server -dtls1_2 -accept 127.0.0.1:$PORT -nocert -psk $KEY -psk_identity $ID -cipher PSK-AES128-CCM8 -naccept 1 -quiet'
OCLI='timeout 15 openssl s_client -dtls1_2 -connect 127.0.0.1:$PORT -psk $KEY -psk_identity $ID -cipher PSK-AES128-CCM8 -quiet -no_ign_eof -nocommands'
GSRV='timeout 30 gnutls-serv --udp -p $PORT --pskpasswd psk.txt --priority "$PRIO" --echo'
GCLI='timeout 15 gnutls-cli --udp -p $PORT 127.0.0.1 --pskusername $ID --pskkey $KEY --priority "$PRIO"'

SERVER="( sleep 3; echo pong ) | $OSRV -psk_hint $HINT > /dev/null 2>&1"
CLIENT="( echo ping; sleep 2 ) | $OCLI"
capture openssl_openssl 25701 "openssl s_client -> openssl s_server -psk_hint $HINT: cookie exchange, full handshake, data, close"

SERVER="$GSRV --pskhint $HINT > /dev/null 2>&1"
CLIENT="( echo ping; sleep 1 ) | $GCLI"
capture gnutls_gnutls 25702 "gnutls-cli -> gnutls-serv --pskhint $HINT: cookie exchange, full handshake, data, close"

SERVER="$GSRV > /dev/null 2>&1"
CLIENT="( echo ping; sleep 2 ) | $OCLI"
capture openssl_gnutls 25703 "openssl s_client -> gnutls-serv (no hint): cross-implementation handshake"

SERVER="( sleep 3; echo pong ) | $OSRV > /dev/null 2>&1"
CLIENT="( echo ping; sleep 1 ) | $GCLI"
capture gnutls_openssl 25704 "gnutls-cli -> openssl s_server (no hint): cross-implementation handshake"

SERVER="$GSRV --mtu 60 --pskhint $HINT250 > /dev/null 2>&1"
CLIENT="( echo ping; sleep 2 ) | $OCLI"
capture openssl_gnutls_mtu60 25705 "openssl s_client -> gnutls-serv --mtu 60 --pskhint (250 x h): server flight in fragments of at most 35 bytes"

SERVER="( sleep 3; echo pong ) | $OSRV > /dev/null 2>&1"
CLIENT="( echo ping; sleep 2 ) | timeout 15 openssl s_client -dtls1_2 -connect 127.0.0.1:\$PORT -psk \$KEY -psk_identity \$ID -cipher 'ALL:@SECLEVEL=0' -mtu 256 -quiet -no_ign_eof -nocommands"
capture openssl_openssl_mtu256 25706 "openssl s_client -mtu 256 -cipher ALL:@SECLEVEL=0 -> openssl s_server: a ClientHello of many suites in two fragments"
