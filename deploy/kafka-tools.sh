#!/usr/bin/env bash
# Kafka's own console tools for the local stack, with no Kafka distribution installed: the tool classes come from
# the kafka-tools jar on Maven Central (resolved by the local-stack module). Any Java 17+ runs them.
#   deploy/kafka-tools.sh topics --list
#   deploy/kafka-tools.sh topics --describe --topic orders.events
#   deploy/kafka-tools.sh consumer-groups --describe --all-groups
#   deploy/kafka-tools.sh console-consumer --topic orders.events --from-beginning \
#       --property print.key=true --property print.headers=true
# The broker is 127.0.0.1:9092 unless KAFKA_BOOTSTRAP_SERVERS says otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

case "${1:-}" in
  topics) class=org.apache.kafka.tools.TopicCommand ;;
  consumer-groups) class=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  console-consumer) class=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  console-producer) class=org.apache.kafka.tools.ConsoleProducer ;;
  *)
    echo "usage: $0 topics|consumer-groups|console-consumer|console-producer [options of that Kafka tool]" >&2
    exit 2 ;;
esac
shift

classpath_file="$root/local-stack/target/tools.classpath"
if [ ! -f "$classpath_file" ]; then
  (cd "$root" && ./mvnw -B -q package -DskipTests -pl local-stack -am)
fi
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$(cat "$classpath_file")" "$class" \
  --bootstrap-server "${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}" "$@"
