"""Produces numbered records with acks=all and NO retries, streaming every delivery report to stdout, until
the parent writes a line to stdin; then produces `after_count` more acknowledged records and exits.

Usage: produce_until_told.py <bootstrap> <topic> <max_total> <after_count> <deadline_s>
Stdout lines: "A <seq> <offset>" (acknowledged), "E <seq> <error>" (failed), finally "DONE <sent>".
Records are "seq-<n>-" followed by padding, so a torn record would not match the expected shape.
Without retries a record is either acknowledged exactly once or reported failed: no duplicates by design.
"""
import sys
import threading
import time

from confluent_kafka import Producer

PADDING = "x" * 80


def main():
    bootstrap, topic, max_total, after_count, deadline_s = sys.argv[1:6]
    max_total, after_count, deadline = int(max_total), int(after_count), time.time() + float(deadline_s)
    told = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), told.set()), daemon=True).start()
    acknowledged_after_told = [0]

    def on_delivery(error, message):
        seq = message.value().split(b"-")[1].decode()
        if error is not None:
            print(f"E {seq} {error.name()}", flush=True)
        else:
            print(f"A {seq} {message.offset()}", flush=True)
            if told.is_set():
                acknowledged_after_told[0] += 1

    producer = Producer({
        "bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": False,
        "message.send.max.retries": 0, "linger.ms": 2, "message.timeout.ms": 8000,
        "queue.buffering.max.messages": 20000, "reconnect.backoff.max.ms": 500,
    })
    sent = 0
    while sent < max_total and time.time() < deadline and acknowledged_after_told[0] < after_count:
        for _ in range(50):
            try:
                producer.produce(topic, value=f"seq-{sent}-{PADDING}".encode(), on_delivery=on_delivery)
                sent += 1
            except BufferError:
                break
        producer.poll(0.005)
    producer.flush(15)
    print(f"DONE {sent}", flush=True)


if __name__ == "__main__":
    main()
