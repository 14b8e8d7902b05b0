"""Reads partitions from their beginning to their current end by ASSIGNING them (no consumer group).

Usage: consume_assigned.py <confluent|kafka-python> <bootstrap> <topic> <partition-count>
Last stdout line: {"records": [{"key", "value", "partition", "offset"}...], "endOffsets": {partition: offset}}
"""
import json
import sys
import time

DEADLINE_S = 45


def text(raw):
    return None if raw is None else raw.decode()


def consume_confluent(bootstrap, topic, partitions):
    from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING

    # confluent-kafka-python 1.7 insists on a group.id; with assign() and no commits librdkafka sends no
    # JoinGroup/SyncGroup/OffsetCommit (at most a FindCoordinator lookup, whose failure does not stop fetching).
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": "samsa-interop-assign-only", "enable.auto.commit": False,
        "enable.auto.offset.store": False, "enable.partition.eof": True,
    })
    end_offsets = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in partitions}
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
    records, finished = [], {p for p in partitions if end_offsets[p] == 0}
    deadline = time.time() + DEADLINE_S
    while len(finished) < len(partitions) and time.time() < deadline:
        message = consumer.poll(1.0)
        if message is None:
            continue
        if message.error():
            if message.error().code() == -191:  # _PARTITION_EOF
                if message.offset() >= end_offsets[message.partition()]:
                    finished.add(message.partition())
                continue
            raise RuntimeError(str(message.error()))
        records.append({"key": text(message.key()), "value": text(message.value()),
                        "partition": message.partition(), "offset": message.offset()})
    consumer.close()
    return records, end_offsets


def consume_kafka_python(bootstrap, topic, partitions):
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    assigned = [TopicPartition(topic, p) for p in partitions]
    consumer.assign(assigned)
    consumer.seek_to_beginning(*assigned)
    end_offsets = {tp.partition: offset for tp, offset in consumer.end_offsets(assigned).items()}
    records = []
    deadline = time.time() + DEADLINE_S
    while any(consumer.position(tp) < end_offsets[tp.partition] for tp in assigned) and time.time() < deadline:
        for tp, messages in consumer.poll(timeout_ms=1000).items():
            for message in messages:
                records.append({"key": text(message.key), "value": text(message.value),
                                "partition": message.partition, "offset": message.offset})
    consumer.close()
    return records, end_offsets


def main():
    client, bootstrap, topic, partition_count = sys.argv[1:5]
    partitions = list(range(int(partition_count)))
    consume = consume_confluent if client == "confluent" else consume_kafka_python
    records, end_offsets = consume(bootstrap, topic, partitions)
    print(json.dumps({"records": records, "endOffsets": {str(p): o for p, o in end_offsets.items()}}))


if __name__ == "__main__":
    main()
