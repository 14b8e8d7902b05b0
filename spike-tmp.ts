import kafkajs from 'kafkajs';
import { startBuiltInBroker } from './e2e/fixtures/built-in-broker.ts';
const broker = await startBuiltInBroker();
broker.process.stderr!.on('data', (c: Buffer) => process.stdout.write('STDERR ' + c));
broker.process.stdout!.on('data', (c: Buffer) => process.stdout.write('OUT ' + c));
broker.process.on('exit', (c, s) => console.log('BROKER EXIT', c, s));
try {
  const admin = new kafkajs.Kafka({ clientId: 'x', brokers: [broker.bootstrap], logLevel: 0 }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'a1', numPartitions: 2 }] });
  await admin.createPartitions({ topicPartitions: [{ topic: 'a1', count: 3 }] });
  await admin.setOffsets({ groupId: 'g1', topic: 'a1', partitions: [{ partition: 0, offset: '0' }] });
  console.log('ok');
  await admin.disconnect();
} catch (e) { console.log('ERR', e); } finally { await broker.stop(); }
