// A Java consumer (kafka-clients from the jars) in a consumer group, group.protocol from the arguments
// (consumer = KIP-848, classic = JoinGroup/SyncGroup). It polls until its stdin closes, committing the
// records it read synchronously after each poll, then closes (leaving the group) and exits. One JSON line per event:
// {"event":"assigned","partitions":[0,2]} {"event":"revoked","partitions":[1]} {"event":"lost",...}
// {"event":"records","partitions":{"0":5},"count":5} {"event":"committed"} {"event":"error","message":"..."} {"event":"closed"}
// Run as a source file: java -cp '.cache/kafka/libs/*' GroupMember.java BOOTSTRAP TOPIC GROUP PROTOCOL [NAME=VALUE...]
// (extra consumer properties, e.g. group.instance.id=member-0 or group.remote.assignor=range)
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

public class GroupMember {
  static synchronized void emit(String json) {
    System.out.println(json);
    System.out.flush();
  }

  static String partitions(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::partition).sorted().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    String group = args[2];
    String protocol = args[3];
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrap);
    properties.put("group.id", group);
    properties.put("group.protocol", protocol);
    for (int i = 4; i < args.length; i++) {
      String[] property = args[i].split("=", 2);
      properties.put(property[0], property[1]);
    }
    properties.put("key.deserializer", StringDeserializer.class.getName());
    properties.put("value.deserializer", StringDeserializer.class.getName());
    properties.put("auto.offset.reset", "earliest");
    properties.put("enable.auto.commit", "false");
    properties.put("client.id", "group-member-" + ProcessHandle.current().pid());
    AtomicBoolean stop = new AtomicBoolean(false);
    Thread stdinWatcher = new Thread(() -> {
      try {
        InputStream in = System.in;
        while (in.read() != -1) {
          // Any input is ignored: only the end of stdin matters.
        }
      } catch (Exception ignored) {
        // Treated as the end of stdin.
      }
      stop.set(true);
    });
    stdinWatcher.setDaemon(true);
    stdinWatcher.start();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
          emit("{\"event\":\"revoked\",\"partitions\":" + partitions(revoked) + "}");
        }
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
          emit("{\"event\":\"assigned\",\"partitions\":" + partitions(assigned) + "}");
        }
        public void onPartitionsLost(Collection<TopicPartition> lost) {
          emit("{\"event\":\"lost\",\"partitions\":" + partitions(lost) + "}");
        }
      });
      while (!stop.get()) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) continue;
        Map<Integer, Integer> counts = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) counts.merge(record.partition(), 1, Integer::sum);
        String byPartition = counts.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
        emit("{\"event\":\"records\",\"partitions\":" + byPartition + ",\"count\":" + records.count() + "}");
        try {
          consumer.commitSync();
          emit("{\"event\":\"committed\"}");
        } catch (Exception error) {
          emit("{\"event\":\"error\",\"message\":\"" + error.getClass().getSimpleName() + ": " + String.valueOf(error.getMessage()).replace("\"", "'") + "\"}");
        }
      }
    } catch (Exception error) {
      emit("{\"event\":\"error\",\"message\":\"" + error.getClass().getSimpleName() + ": " + String.valueOf(error.getMessage()).replace("\"", "'") + "\"}");
    }
    emit("{\"event\":\"closed\"}");
  }
}
