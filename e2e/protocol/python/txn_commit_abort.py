"""Transactional producer (confluent-kafka-python): commits, aborts and commits again, then reads the topic
back with a read_committed and a read_uncommitted consumer.

Usage: txn_commit_abort.py <bootstrap> <topic> <transactional_id>
Last stdout line: JSON {"committed": [...values seen read_committed], "uncommitted": [...values seen read_uncommitted]}.
"""
import json
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition


def produce_txn(producer, topic, values, commit):
    producer.begin_transaction()
    for value in values:
        producer.produce(topic, value=value.encode(), partition=0)
    producer.flush(10)
    if commit:
        producer.commit_transaction(20)
    else:
        producer.abort_transaction(20)


def read_all(bootstrap, topic, isolation, deadline_s=20):
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": f"reader-{isolation}-{time.time()}", "enable.auto.commit": False,
        "isolation.level": isolation, "enable.partition.eof": True,
    })
    consumer.assign([TopicPartition(topic, 0, 0)])
    values, deadline = [], time.time() + deadline_s
    while time.time() < deadline:
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error():
            if message.error().code() == -191:  # _PARTITION_EOF
                break
            raise RuntimeError(str(message.error()))
        values.append(message.value().decode())
    consumer.close()
    return values


def main():
    bootstrap, topic, transactional_id = sys.argv[1:4]
    producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": transactional_id, "transaction.timeout.ms": 30000})
    producer.init_transactions(20)
    produce_txn(producer, topic, [f"first-{i}" for i in range(5)], commit=True)
    produce_txn(producer, topic, [f"aborted-{i}" for i in range(5)], commit=False)
    produce_txn(producer, topic, [f"second-{i}" for i in range(5)], commit=True)
    # An open transaction at read time must stay invisible to read_committed readers.
    producer.begin_transaction()
    producer.produce(topic, value=b"open-0", partition=0)
    producer.flush(10)
    result = {"committed": read_all(bootstrap, topic, "read_committed"), "uncommitted": read_all(bootstrap, topic, "read_uncommitted")}
    producer.abort_transaction(20)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
