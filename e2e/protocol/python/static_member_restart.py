"""Two static members (group.instance.id) of one group with confluent-kafka (librdkafka); the leader restarts.

Usage: static_member_restart.py <bootstrap> <topic> <group>
"leader" joins first (so it leads the group), then "follower"; once both hold their partitions, the leader is
closed (a static member sends no LeaveGroup) and a new consumer with the same group.instance.id subscribes.
Prints one JSON document: each member's partitions before, the restarted leader's partitions, and every
rebalance callback the follower saw after the restart (none when the broker keeps the group stable).
"""
import json
import sys
import time

from confluent_kafka import Consumer

SESSION_TIMEOUT_MS = 30000
DEADLINE_S = 60


def main(bootstrap, topic, group):
    events = {}

    def consumer(instance):
        c = Consumer({
            "bootstrap.servers": bootstrap, "group.id": group, "group.instance.id": instance,
            "enable.auto.commit": False, "session.timeout.ms": SESSION_TIMEOUT_MS,
            "heartbeat.interval.ms": 1000, "partition.assignment.strategy": "range",
        })
        log = events.setdefault(instance, [])
        state = {"partitions": None}

        def on_assign(_, partitions):
            state["partitions"] = sorted(p.partition for p in partitions)
            log.append({"assigned": state["partitions"]})

        def on_revoke(_, partitions):
            log.append({"revoked": sorted(p.partition for p in partitions)})

        c.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
        return c, state

    def poll_until(members, done):
        deadline = time.time() + DEADLINE_S
        while time.time() < deadline and not done():
            for c, _ in members:
                c.poll(0.1)
        if not done():
            raise SystemExit("timed out: " + json.dumps(events))

    leader = consumer("leader")
    poll_until([leader], lambda: leader[1]["partitions"])
    follower = consumer("follower")
    poll_until([leader, follower], lambda: follower[1]["partitions"] and len(leader[1]["partitions"] or []) < 4)
    # Settle: nothing else should be happening before the restart.
    settle_until = time.time() + 3
    poll_until([leader, follower], lambda: time.time() > settle_until)
    before = {"leader": leader[1]["partitions"], "follower": follower[1]["partitions"]}
    follower_events_before = len(events["follower"])
    leader[0].close()
    events.pop("leader")
    restarted = consumer("leader")
    poll_until([restarted, follower], lambda: restarted[1]["partitions"] is not None)
    # Keep the follower polling a while: a rebalance would show up as callbacks.
    watch_until = time.time() + 8
    poll_until([restarted, follower], lambda: time.time() > watch_until)
    print(json.dumps({
        "before": before,
        "restartedLeader": restarted[1]["partitions"],
        "followerEventsAfterRestart": events["follower"][follower_events_before:],
    }), flush=True)
    restarted[0].close()
    follower[0].close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
