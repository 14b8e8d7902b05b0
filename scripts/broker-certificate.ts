// The TLS certificate of the built-in broker in `npm start`'s safe mode: the files the operator gives
// (SAMSA_BROKER_TLS_CERT / SAMSA_BROKER_TLS_KEY), or a self-signed one generated once into
// $SAMSA_DATA_DIR/broker-tls/ and reused while it is valid, so clients that were told to trust it keep working.
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generate as generateSelfSigned } from 'selfsigned';

export interface BrokerCertificate {
  certFile: string;
  keyFile: string;
  /** What the console trusts for this broker: the CA bundle given, or the certificate itself. */
  caFile: string;
  generated: boolean;
}

export interface BrokerCertificateSource {
  dataDir: string;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
}

/** A generated certificate is replaced this long before it expires. */
const renewBeforeExpiryMs = 7 * 24 * 60 * 60 * 1000;
const validityMs = 365 * 24 * 60 * 60 * 1000;

export async function loadOrCreateBrokerCertificate(source: BrokerCertificateSource): Promise<BrokerCertificate> {
  if ((source.certFile === undefined) !== (source.keyFile === undefined)) {
    throw new Error('SAMSA_BROKER_TLS_CERT and SAMSA_BROKER_TLS_KEY are set together or not at all');
  }
  if (source.certFile !== undefined && source.keyFile !== undefined) {
    const certFile = path.resolve(source.certFile);
    // Read now: a missing or unreadable file stops `npm start` with its name rather than a broker error.
    new X509Certificate(await readFile(certFile));
    await readFile(source.keyFile);
    return { certFile, keyFile: path.resolve(source.keyFile), caFile: path.resolve(source.caFile ?? certFile), generated: false };
  }
  const directory = path.join(source.dataDir, 'broker-tls');
  const certFile = path.join(directory, 'cert.pem');
  const keyFile = path.join(directory, 'key.pem');
  if (await stillValid(certFile)) return { certFile, keyFile, caFile: certFile, generated: false };
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  const notBeforeDate = new Date();
  const pems = await generateSelfSigned([{ name: 'commonName', value: 'Samsa built-in broker' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + validityMs),
    extensions: [
      // Its own trust anchor: clients trust this certificate directly (ssl.ca.location, a truststore).
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  await writeFile(keyFile, pems.private, { mode: 0o600 });
  await writeFile(certFile, pems.cert, { mode: 0o644 });
  return { certFile, keyFile, caFile: certFile, generated: true };
}

async function stillValid(certFile: string): Promise<boolean> {
  let pem: Buffer;
  try {
    pem = await readFile(certFile);
  } catch {
    return false;
  }
  try {
    return new Date(new X509Certificate(pem).validTo).getTime() - Date.now() > renewBeforeExpiryMs;
  } catch {
    return false;
  }
}
