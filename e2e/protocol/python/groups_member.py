"""One consumer-group member: subscribes to a topic in a group and reports what happens, one JSON line each.

Usage: groups_member.py <confluent|kafka-python> <bootstrap> <topic> <group> <deadline_s> <max_records> <commit>
  max_records: stop (close, leaving the group) after reading this many records; 0 = no limit.
  commit: "manual" commits each record's next offset synchronously after "processing" it; "none" never commits.
A line on stdin (or EOF) also makes it close and exit. Stdout lines:
  {"event": "assigned", "partitions": [..]}   whenever the assignment changes (also to [])
  {"event": "record", "partition": p, "offset": o, "value": v}
  {"event": "committed", "partition": p, "offset": next}
  {"event": "closed"}
"""
import json
import sys
import threading
import time

SESSION_TIMEOUT_MS = 6000
HEARTBEAT_INTERVAL_MS = 1000


def emit(**event):
    print(json.dumps(event), flush=True)


def run_confluent(bootstrap, topic, group, deadline, max_records, commit, stop):
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
        "auto.offset.reset": "earliest", "session.timeout.ms": SESSION_TIMEOUT_MS,
        "heartbeat.interval.ms": HEARTBEAT_INTERVAL_MS, "topic.metadata.refresh.interval.ms": 2000,
    })

    def on_assign(c, partitions):
        emit(event="assigned", partitions=sorted(p.partition for p in partitions))

    def on_revoke(c, partitions):
        emit(event="assigned", partitions=[])

    consumer.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
    read = 0
    while not stop.is_set() and time.time() < deadline and (max_records == 0 or read < max_records):
        message = consumer.poll(0.2)
        if message is None:
            continue
        if message.error():
            emit(event="error", error=str(message.error()))
            continue
        read += 1
        emit(event="record", partition=message.partition(), offset=message.offset(), value=message.value().decode())
        if commit == "manual":
            consumer.commit(offsets=[TopicPartition(topic, message.partition(), message.offset() + 1)], asynchronous=False)
            emit(event="committed", partition=message.partition(), offset=message.offset() + 1)
    consumer.close()


def run_kafka_python(bootstrap, topic, group, deadline, max_records, commit, stop):
    from kafka import KafkaConsumer, TopicPartition
    from kafka.structs import OffsetAndMetadata

    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False, auto_offset_reset="earliest",
        session_timeout_ms=SESSION_TIMEOUT_MS, heartbeat_interval_ms=HEARTBEAT_INTERVAL_MS, metadata_max_age_ms=2000)
    consumer.subscribe([topic])
    assigned, read = None, 0
    while not stop.is_set() and time.time() < deadline and (max_records == 0 or read < max_records):
        batches = consumer.poll(timeout_ms=200, max_records=1)
        current = sorted(tp.partition for tp in consumer.assignment())
        if current != assigned:
            assigned = current
            emit(event="assigned", partitions=current)
        for tp, messages in batches.items():
            for message in messages:
                read += 1
                emit(event="record", partition=message.partition, offset=message.offset, value=message.value.decode())
                if commit == "manual":
                    consumer.commit({TopicPartition(topic, message.partition): OffsetAndMetadata(message.offset + 1, None)})
                    emit(event="committed", partition=message.partition, offset=message.offset + 1)
    consumer.close()


def main():
    client, bootstrap, topic, group, deadline_s, max_records, commit = sys.argv[1:8]
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    run = run_confluent if client == "confluent" else run_kafka_python
    run(bootstrap, topic, group, time.time() + float(deadline_s), int(max_records), commit, stop)
    emit(event="closed")


if __name__ == "__main__":
    main()
