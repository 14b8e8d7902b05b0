#!/usr/bin/env bash
# Fetches Apache Kafka's jars (broker, CLI and perf tools) from Maven Central into the git-ignored
# .cache/kafka/libs, once. Interop tests and `npm run bench` run them with `java -cp '.cache/kafka/libs/*'`.
# Also unpacks Kafka's JSON message definitions from the same release (kafka-clients, and the group and
# transaction coordinators for the records of __consumer_offsets and __transaction_state) into
# .cache/kafka/protocol/{messages,coordinator-records}: `npm run codegen` generates the protocol codec from them.
# Idempotent: the .complete marker records the pom's checksum, so editing the pom (e.g. a new Kafka
# version) fetches again into clean folders instead of mixing two versions.
set -euo pipefail
cd "$(dirname "$0")/.."
pom=e2e/fixtures/kafka-jars/pom.xml
libs=.cache/kafka/libs
protocol=.cache/kafka/protocol
pom_sum=$(sha256sum "$pom" | cut -d' ' -f1)
if [ -f "$libs/.complete" ] && [ "$(cat "$libs/.complete")" = "$pom_sum" ]; then exit 0; fi
if [ -d "$libs" ]; then echo "pom changed since the last fetch: fetching again"; fi
rm -rf "$libs" "$protocol"
mkdir -p "$libs" "$protocol"
mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$PWD/$libs" \
  dependency:unpack@kafka-protocol -Dprotocol.dir="$PWD/$protocol"
echo "$pom_sum" > "$libs/.complete"
echo "Kafka jars in $libs ($(ls "$libs" | wc -l) files), message definitions in $protocol/messages ($(ls "$protocol/messages" | wc -l) files)"
