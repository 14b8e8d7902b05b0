// A Java producer (kafka-clients from the jars, Produce v8+ with KIP-467 record errors) that sends COUNT
// records in one batch, every KEYLESS_EVERY-th without a key, and prints one JSON line per record:
// {"index":i,"offset":n} or {"index":i,"error":"<exception class>","message":"..."}.
// Run as a source file: java -cp '.cache/kafka/libs/*' KeylessRecordsProducer.java BOOTSTRAP TOPIC COUNT KEYLESS_EVERY
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

public class KeylessRecordsProducer {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    int count = Integer.parseInt(args[2]);
    int keylessEvery = Integer.parseInt(args[3]);
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrap);
    properties.put("key.serializer", StringSerializer.class.getName());
    properties.put("value.serializer", StringSerializer.class.getName());
    // One batch for every record: they are all sent before the linger ends.
    properties.put("linger.ms", "5000");
    properties.put("batch.size", "1048576");
    properties.put("enable.idempotence", "false");
    properties.put("retries", "0");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = i % keylessEvery == keylessEvery - 1 ? null : "k" + i;
        sent.add(producer.send(new ProducerRecord<>(topic, 0, key, "v" + i)));
      }
      producer.flush();
      for (int i = 0; i < count; i++) {
        try {
          System.out.println("{\"index\":" + i + ",\"offset\":" + sent.get(i).get().offset() + "}");
        } catch (ExecutionException failed) {
          Throwable cause = failed.getCause();
          String message = String.valueOf(cause.getMessage()).replace("\\", "\\\\").replace("\"", "\\\"");
          System.out.println("{\"index\":" + i + ",\"error\":\"" + cause.getClass().getName() + "\",\"message\":\"" + message + "\"}");
        }
      }
    }
  }
}
