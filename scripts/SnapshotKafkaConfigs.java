// Regenerates broker/topics/kafka-configs.json from the pinned Kafka jars: the broker configs Kafka lets
// clients change at runtime (DynamicBrokerConfig.ALL_DYNAMIC_CONFIGS, with type, default, validator and
// whether only a broker id may set them), the names of its other (static) broker configs, and the GROUP
// resource's configs (GroupConfig) with the broker bounds their validation uses.
// Run: java -cp '.cache/kafka/libs/*' scripts/SnapshotKafkaConfigs.java > broker/topics/kafka-configs.json &&
//      npx biome format --write broker/topics/kafka-configs.json
import java.util.*;
import java.util.regex.*;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.coordinator.group.GroupConfig;
import org.apache.kafka.server.config.DynamicBrokerConfig;

public class SnapshotKafkaConfigs {
  static String quote(String s) {
    if (s == null) return "null";
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }

  /** ConfigDef validators as {min, max, validValues, orValue}, from their toString ("[1,...]", "[1,...,9] or -1", "[a, b]"). */
  static String validator(ConfigDef.ConfigKey key) {
    if (key.validator == null) return "null";
    String text = key.validator.toString();
    Matcher range = Pattern.compile("^\\[(-?[\\d.E]+)?,\\.\\.\\.(?:,(-?[\\d.E]+))?\\](?: or (-?\\d+))?$").matcher(text);
    if (range.matches()) {
      return "{\"min\": " + (range.group(1) == null ? "null" : quote(range.group(1))) + ", \"max\": " + (range.group(2) == null ? "null" : quote(range.group(2)))
          + ", \"orValue\": " + (range.group(3) == null ? "null" : quote(range.group(3))) + "}";
    }
    Matcher list = Pattern.compile("^\\[(.*)\\]$").matcher(text);
    if (list.matches() && !text.contains("...")) {
      List<String> values = new ArrayList<>();
      for (String value : list.group(1).split(", ")) values.add(quote(value));
      return "{\"validValues\": " + values + "}";
    }
    return "{\"description\": " + quote(text) + "}";
  }

  static String describe(ConfigDef.ConfigKey key) {
    String defaultValue = key.hasDefault() ? ConfigDef.convertToString(key.defaultValue, key.type) : null;
    return "\"type\": " + quote(key.type.name()) + ", \"defaultValue\": " + quote(defaultValue) + ", \"validator\": " + validator(key);
  }

  public static void main(String[] args) {
    Map<String, ConfigDef.ConfigKey> brokerKeys = kafka.server.KafkaConfig$.MODULE$.configDef().configKeys();
    Map<String, String> modes = DynamicBrokerConfig.dynamicConfigUpdateModes();
    Properties all = new Properties();
    for (String name : DynamicBrokerConfig.ALL_DYNAMIC_CONFIGS) all.put(name, "");
    Set<String> listenerOnly = DynamicBrokerConfig.securityConfigsWithoutListenerPrefix(all);
    List<String> lines = new ArrayList<>();
    for (String name : new TreeSet<>(DynamicBrokerConfig.ALL_DYNAMIC_CONFIGS)) {
      ConfigDef.ConfigKey key = brokerKeys.get(name);
      // The replication throttles are dynamic broker configs without a KafkaConfig definition (DynamicConfig.Broker).
      String described = key == null ? "\"type\": \"LONG\", \"defaultValue\": \"9223372036854775807\", \"validator\": {\"min\": \"0\", \"max\": null, \"orValue\": null}" : describe(key);
      lines.add("    {\"name\": " + quote(name) + ", " + described + ", \"perBrokerOnly\": " + "per-broker".equals(modes.get(name))
          + ", \"listenerPrefixOnly\": " + listenerOnly.contains(name) + "}");
    }
    List<String> staticNames = new ArrayList<>();
    for (String name : new TreeSet<>(brokerKeys.keySet())) if (!DynamicBrokerConfig.ALL_DYNAMIC_CONFIGS.contains(name)) staticNames.add(quote(name));
    List<String> groupLines = new ArrayList<>();
    for (ConfigDef.ConfigKey key : GroupConfig.CONFIG_DEF.configKeys().values()) {
      groupLines.add("    {\"name\": " + quote(key.name) + ", \"brokerSynonym\": " + quote(GroupConfig.brokerSynonym(key.name).orElse(null)) + ", " + describe(key) + "}");
    }
    List<String> boundLines = new ArrayList<>();
    for (String name : new TreeSet<>(brokerKeys.keySet())) {
      if (name.matches("group\\.(consumer|share|streams)\\.(min|max)\\..*") || name.equals("group.share.delivery.count.limit") || name.equals("group.share.partition.max.record.locks")) {
        boundLines.add("    " + quote(name) + ": " + quote(ConfigDef.convertToString(brokerKeys.get(name).defaultValue, brokerKeys.get(name).type)));
      }
    }
    System.out.println("{");
    System.out.println("  \"dynamicBrokerConfigs\": [\n" + String.join(",\n", lines) + "\n  ],");
    System.out.println("  \"staticBrokerConfigNames\": [" + String.join(", ", staticNames) + "],");
    System.out.println("  \"groupConfigs\": [\n" + String.join(",\n", groupLines) + "\n  ],");
    System.out.println("  \"groupConfigBounds\": {\n" + String.join(",\n", boundLines) + "\n  }");
    System.out.println("}");
  }
}
