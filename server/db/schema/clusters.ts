// External clusters added by admins. The built-in cluster is not stored: it always exists (see cluster-registry).
import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const saslMechanisms = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof saslMechanisms)[number];

export const clusters = pgTable('clusters', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  bootstrapServers: text('bootstrap_servers').notNull(),
  saslMechanism: text('sasl_mechanism', { enum: saslMechanisms }),
  saslUsername: text('sasl_username'),
  /** AES-256-GCM ciphertext (secret-box.ts); never the plain password. */
  saslPasswordEncrypted: text('sasl_password_encrypted'),
  tlsEnabled: boolean('tls_enabled').notNull().default(false),
  tlsCaPem: text('tls_ca_pem'),
  tlsRejectUnauthorized: boolean('tls_reject_unauthorized').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
