// HashiCorp go-plugin's handshake with AutoMTLS. Terraform passes its client certificate in
// PLUGIN_CLIENT_CERT; we answer on stdout with one line naming our listener and our own
// certificate: `1|6|unix|/tmp/x.sock|grpc|<DER, base64 without padding>`. Node has no X.509
// builder and generic libraries cost ~200 ms per start, so the self-signed P-256 certificate is
// assembled here in DER and signed with node:crypto (a few milliseconds).
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** go-plugin's cookie for Terraform providers: without it the binary was not started by Terraform. */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 6;

// ---- DER ----

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const octets = (b: Buffer) => tlv(0x04, b);
const TRUE = Buffer.from([0x01, 0x01, 0xff]);

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const groups = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [TRUE] : []), octets(value));
}

const ECDSA_WITH_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export interface ServerCertificate {
  /** DER of the certificate (what the handshake line carries). */
  der: Buffer;
  certPem: string;
  keyPem: string;
}

/**
 * A self-signed certificate for `localhost` (Terraform checks the server name against the
 * subjectAltName, and rejects an extended key usage without serverAuth), valid for a day.
 */
export function makeServerCertificate(now = new Date(), random: (n: number) => Buffer = randomBytes): ServerCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = seq(set(seq(oid('2.5.4.10'), utf8('cdktf-wecom'))), set(seq(oid('2.5.4.3'), utf8('localhost'))));
  const serial = random(16);
  // A positive INTEGER in minimal DER: a leading 0x00 byte followed by one below 0x80 is
  // "illegal padding", which OpenSSL refuses (1 start in ~256 failed before).
  serial[0] = (serial[0] & 0x7f) | 0x40;
  const extensions = seq(
    // digitalSignature, keyEncipherment, keyCertSign (bits 0, 2, 5; 2 unused bits)
    extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0xa4]))),
    extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
    extension('2.5.29.19', true, seq(TRUE)),
    extension('2.5.29.17', false, seq(tlv(0x82, Buffer.from('localhost', 'ascii')))),
  );
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))), // version 3
    tlv(0x02, serial),
    ECDSA_WITH_SHA256,
    name,
    seq(utcTime(new Date(now.getTime() - 60_000)), utcTime(new Date(now.getTime() + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  const der = seq(tbs, ECDSA_WITH_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { der, certPem: toPem(der, 'CERTIFICATE'), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

export function toPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Base64 of the DER without '=' padding: Go's RawStdEncoding, which Terraform decodes with. */
export function rawBase64(der: Buffer): string {
  return der.toString('base64').replace(/=+$/, '');
}

export interface HandshakeInfo {
  network: 'unix' | 'tcp';
  address: string;
  /** Present when AutoMTLS is on. */
  certDer?: Buffer;
}

export function handshakeLine(h: HandshakeInfo): string {
  const fields = [CORE_PROTOCOL_VERSION, APP_PROTOCOL_VERSION, h.network, h.address, 'grpc'];
  return `${[...fields, ...(h.certDer ? [rawBase64(h.certDer)] : [])].join('|')}\n`;
}

export class HandshakeError extends Error {
  readonly code = 'WECOM_PROVIDER_HANDSHAKE';
}

/** Checks that Terraform started us and speaks protocol 6; returns the client certificate, if any. */
export function checkEnvironment(env: NodeJS.ProcessEnv): { clientCertPem?: string } {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeError('This binary is a plugin: Terraform starts it. To use cdktf-wecom resources with Terraform, ' +
      'run `cdktf-wecom terraform setup` and export the TF_CLI_CONFIG_FILE it prints (see docs/terraform.md).');
  }
  const versions = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(APP_PROTOCOL_VERSION)).split(',').map((v) => Number(v.trim()));
  if (!versions.includes(APP_PROTOCOL_VERSION)) {
    throw new HandshakeError(`Terraform offers plugin protocol versions ${versions.join(', ')}; this provider speaks ${APP_PROTOCOL_VERSION} (Terraform 1.0 or later)`);
  }
  return { clientCertPem: env.PLUGIN_CLIENT_CERT || undefined };
}
