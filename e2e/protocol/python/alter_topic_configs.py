"""Alters a topic's configs with confluent-kafka (AlterConfigs, full replacement) or kafka-python
(AlterConfigs v0/v1), then describes them with the same client. Prints one JSON line:
{"error": str|null, "configs": {name: value}} with only the topic's dynamic (non-default) configs."""
import json
import sys


def with_confluent(bootstrap, topic, settings):
    from confluent_kafka.admin import AdminClient, ConfigResource
    admin = AdminClient({"bootstrap.servers": bootstrap})
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic, set_config=settings)
    error = None
    try:
        admin.alter_configs([resource])[resource].result(timeout=20)
    except Exception as exc:  # the KafkaException carries Kafka's error name
        error = str(exc)
    described = admin.describe_configs([ConfigResource(ConfigResource.Type.TOPIC, topic)])
    entries = list(described.values())[0].result(timeout=20)
    dynamic = {name: entry.value for name, entry in entries.items() if not entry.is_default}
    return error, dynamic


def with_kafka_python(bootstrap, topic, settings):
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=20000)
    response = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs=settings)])
    codes = [resource[0] for resource in response.resources]
    error = None if all(code == 0 for code in codes) else "error codes %s" % codes
    described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    dynamic = {}
    for resource in described[0].resources:
        for entry in resource[4]:
            # v0 carries is_default (bool), v1+ config_source (int, 5 = DEFAULT_CONFIG).
            name, value, default_or_source = entry[0], entry[1], entry[3]
            is_default = default_or_source if isinstance(default_or_source, bool) else default_or_source == 5
            if not is_default:
                dynamic[name] = value
    admin.close()
    return error, dynamic


def main():
    client, bootstrap, topic = sys.argv[1:4]
    settings = dict(pair.split("=", 1) for pair in sys.argv[4:])
    run = with_confluent if client == "confluent" else with_kafka_python
    error, dynamic = run(bootstrap, topic, settings)
    print(json.dumps({"error": error, "configs": dynamic}))


if __name__ == "__main__":
    main()
