"""Consume-transform-produce with exactly-once semantics (confluent-kafka-python): reads <in_topic> in group
<group> (read_committed, no auto commit), writes "out-<value>" to <out_topic> and commits the input offsets
with send_offsets_to_transaction, in transactions of up to <batch> records. Survives broker restarts: an
abortable error aborts and rewinds to the committed offsets, a fatal one recreates the producer (which
fences the old one) and rewinds too. Stops once <total> input records are committed or at <deadline_s>.

Usage: txn_copy.py <bootstrap> <in_topic> <out_topic> <group> <transactional_id> <total> <batch> <deadline_s> <pause_ms>
(pause_ms: a pause inside each transaction, after producing, so a crash is likely to land mid-transaction)
Stdout: "C <committed input records>" after every commit, "R <reason>" on a rewind, finally "DONE <committed>".
"""
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition


def new_producer(bootstrap, transactional_id):
    producer = Producer({
        "bootstrap.servers": bootstrap, "transactional.id": transactional_id, "transaction.timeout.ms": 20000,
        "reconnect.backoff.max.ms": 500, "message.timeout.ms": 15000,
    })
    for _ in range(60):
        try:
            producer.init_transactions(10)
            return producer
        except KafkaException as error:
            if error.args[0].fatal():
                raise
            time.sleep(0.5)
    raise RuntimeError("init_transactions never succeeded")


def commit_with_retries(producer):
    for attempt in range(10):
        try:
            producer.commit_transaction(30)
            return
        except KafkaException as error:
            if not error.args[0].retriable() or attempt == 9:
                raise
            time.sleep(0.5)


def rewind(consumer, partitions):
    committed = consumer.committed(partitions, timeout=10)
    for tp in committed:
        consumer.seek(TopicPartition(tp.topic, tp.partition, tp.offset if tp.offset >= 0 else 0))


def committed_count(consumer, partitions):
    return sum(max(tp.offset, 0) for tp in consumer.committed(partitions, timeout=10))


def main():
    bootstrap, in_topic, out_topic, group, transactional_id = sys.argv[1:6]
    total, batch, deadline = int(sys.argv[6]), int(sys.argv[7]), time.time() + float(sys.argv[8])
    pause_s = int(sys.argv[9]) / 1000
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False, "auto.offset.reset": "earliest",
        "isolation.level": "read_committed", "reconnect.backoff.max.ms": 500,
    })
    partitions = [TopicPartition(in_topic, 0)]
    consumer.assign([TopicPartition(in_topic, 0, -1001)])
    producer = new_producer(bootstrap, transactional_id)
    done = 0
    while time.time() < deadline and done < total:
        messages = consumer.consume(batch, 1.0)
        messages = [m for m in messages if not m.error()]
        if not messages:
            continue
        try:
            producer.begin_transaction()
            for message in messages:
                producer.produce(out_topic, value=b"out-" + message.value(), partition=0)
            producer.flush(10)
            time.sleep(pause_s)
            positions = [TopicPartition(in_topic, 0, messages[-1].offset() + 1)]
            producer.send_offsets_to_transaction(positions, consumer.consumer_group_metadata(), 20)
            commit_with_retries(producer)
            done = messages[-1].offset() + 1
            print(f"C {done}", flush=True)
        except KafkaException as error:
            kafka_error = error.args[0]
            print(f"R {kafka_error.name()} {kafka_error.str()}", flush=True)
            if kafka_error.txn_requires_abort():
                try:
                    producer.abort_transaction(30)
                except KafkaException:
                    producer = new_producer(bootstrap, transactional_id)
            else:
                # Fatal or unknown outcome: a new producer fences this one and aborts whatever it left open.
                producer = new_producer(bootstrap, transactional_id)
            time.sleep(0.5)
            rewind(consumer, partitions)
            done = committed_count(consumer, partitions)
    consumer.close()
    print(f"DONE {done}", flush=True)


if __name__ == "__main__":
    main()
