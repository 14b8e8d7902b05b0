#!/usr/bin/env bash
# Fetches Apache Kafka's jars (broker, CLI and perf tools) from Maven Central into the git-ignored
# .cache/kafka/libs, once. Interop tests and `npm run bench` run them with `java -cp '.cache/kafka/libs/*'`.
# Idempotent: the .complete marker records the pom's checksum, so editing the pom (e.g. a new Kafka
# version) fetches again into a clean folder instead of mixing two versions on the classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
pom=e2e/fixtures/kafka-jars/pom.xml
libs=.cache/kafka/libs
pom_sum=$(sha256sum "$pom" | cut -d' ' -f1)
if [ -f "$libs/.complete" ]; then
  recorded=$(cat "$libs/.complete")
  # An empty marker comes from an older version of this script: trust it.
  if [ -z "$recorded" ] || [ "$recorded" = "$pom_sum" ]; then exit 0; fi
  echo "pom changed since the last fetch: fetching again"
  rm -rf "$libs"
fi
mkdir -p "$libs"
mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$PWD/$libs"
echo "$pom_sum" > "$libs/.complete"
echo "Kafka jars in $libs ($(ls "$libs" | wc -l) files)"
