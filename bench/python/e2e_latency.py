"""Produce->consume latency without consumer groups: one record at a time, produced with acks=all by
librdkafka (confluent-kafka-python) and read back by a consumer that ASSIGNED the partition.

Usage: e2e_latency.py <bootstrap> <topic> <messages> <record-bytes>
Last stdout line: {"p50Ms", "p99Ms", "avgMs", "messages"}
"""
import json
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition

ROUND_TRIP_TIMEOUT_S = 10


def main():
    bootstrap, topic, messages, record_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0})
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": "samsa-bench-assign-only", "enable.auto.commit": False,
        "fetch.wait.max.ms": 500, "fetch.min.bytes": 1,
    })
    # An explicit start offset (the current end), so the warm-up record below cannot be skipped.
    end_offset = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)[1]
    consumer.assign([TopicPartition(topic, 0, end_offset)])
    payload = b"x" * record_bytes
    # Make sure the consumer is positioned before the first timed record.
    producer.produce(topic, value=payload, partition=0)
    producer.flush(10)
    deadline = time.time() + ROUND_TRIP_TIMEOUT_S
    while consumer.poll(0.1) is None and time.time() < deadline:
        pass
    latencies_ms = []
    for _ in range(messages):
        started = time.perf_counter()
        producer.produce(topic, value=payload, partition=0)
        producer.poll(0)
        message = None
        deadline = time.time() + ROUND_TRIP_TIMEOUT_S
        while message is None and time.time() < deadline:
            message = consumer.poll(1.0)
            if message is not None and message.error():
                raise RuntimeError(str(message.error()))
        if message is None:
            raise RuntimeError(f"record not consumed within {ROUND_TRIP_TIMEOUT_S} s")
        latencies_ms.append((time.perf_counter() - started) * 1000)
    producer.flush(10)
    consumer.close()
    latencies_ms.sort()
    pick = lambda q: latencies_ms[min(len(latencies_ms) - 1, int(q * len(latencies_ms)))]
    print(json.dumps({"p50Ms": pick(0.50), "p99Ms": pick(0.99), "avgMs": sum(latencies_ms) / len(latencies_ms), "messages": len(latencies_ms)}))


if __name__ == "__main__":
    main()
