"""Produces keyed messages with the client's DEFAULT partitioner and prints delivery reports as JSON.

Usage: produce_keyed.py <confluent|kafka-python> <bootstrap> <topic> <count> <distinct-keys> [compression]
Last stdout line: {"delivered": [{"key", "value", "partition", "offset"}...], "errors": [...]}
"""
import json
import sys


def produce_confluent(bootstrap, topic, messages, compression):
    from confluent_kafka import Producer

    delivered, errors = [], []

    def on_delivery(error, message):
        if error is not None:
            errors.append(str(error))
        else:
            delivered.append({
                "key": message.key().decode(), "value": message.value().decode(),
                "partition": message.partition(), "offset": message.offset(),
            })

    producer = Producer({
        "bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
        "compression.type": compression, "message.timeout.ms": 30000,
    })
    for key, value in messages:
        producer.produce(topic, key=key.encode(), value=value.encode(), on_delivery=on_delivery)
        producer.poll(0)
    remaining = producer.flush(30)
    if remaining:
        errors.append(f"{remaining} messages still queued after flush")
    return delivered, errors


def produce_kafka_python(bootstrap, topic, messages, compression):
    from kafka import KafkaProducer

    producer = KafkaProducer(
        bootstrap_servers=bootstrap, acks="all", linger_ms=5, request_timeout_ms=30000,
        compression_type=None if compression == "none" else compression,
    )
    futures = [(key, value, producer.send(topic, key=key.encode(), value=value.encode())) for key, value in messages]
    delivered, errors = [], []
    for key, value, future in futures:
        try:
            metadata = future.get(timeout=30)
            delivered.append({"key": key, "value": value, "partition": metadata.partition, "offset": metadata.offset})
        except Exception as error:  # report every failure, keep going
            errors.append(repr(error))
    producer.close(timeout=10)
    return delivered, errors


def main():
    client, bootstrap, topic, count, distinct_keys = sys.argv[1:6]
    compression = sys.argv[6] if len(sys.argv) > 6 else "none"
    messages = [(f"user-{index % int(distinct_keys)}", f"{client}-value-{index}") for index in range(int(count))]
    produce = produce_confluent if client == "confluent" else produce_kafka_python
    delivered, errors = produce(bootstrap, topic, messages, compression)
    print(json.dumps({"delivered": delivered, "errors": errors}))


if __name__ == "__main__":
    main()
