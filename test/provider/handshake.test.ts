import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSecureContext } from 'node:tls';
import {
  checkEnvironment, handshakeLine, HandshakeError, makeServerCertificate, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, rawBase64,
} from '../../src/provider/handshake';
import { decodeMessage, encodeMessage } from '../../src/provider/proto/codec';
import { frame, unframe } from '../../src/provider/server';
import { ROOT } from '../helpers/cli-project';

describe('handshakeLine(info)', () => {
  test('core version 1, protocol 6, network, address, grpc, DER as base64 without padding', () => {
    const der = Buffer.from([1, 2, 3, 4]); // base64 "AQIDBA=="
    expect(handshakeLine({ network: 'unix', address: '/tmp/p.sock', certDer: der })).toBe('1|6|unix|/tmp/p.sock|grpc|AQIDBA\n');
    expect(handshakeLine({ network: 'unix', address: '/tmp/p.sock' })).toBe('1|6|unix|/tmp/p.sock|grpc\n');
    expect(rawBase64(makeServerCertificate().der)).not.toMatch(/=/);
  });
});

describe('makeServerCertificate()', () => {
  test('self-signed P-256 certificate for localhost, serverAuth allowed', () => {
    const c = makeServerCertificate();
    const x = new X509Certificate(c.der);
    expect(x.subjectAltName).toBe('DNS:localhost');
    expect(x.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new Date(x.validFrom).getTime()).toBeLessThan(Date.now());
  });

  test('the serial is a minimal positive INTEGER whatever the random bytes (zeros once made 1 start in ~256 fail)', () => {
    for (const fill of [0x00, 0x7f, 0x80, 0xff]) {
      const c = makeServerCertificate(new Date(), (n) => Buffer.alloc(n, fill));
      expect(() => createSecureContext({ key: c.keyPem, cert: c.certPem })).not.toThrow();
      expect(new X509Certificate(c.der).serialNumber).toMatch(/^[4-7]/);
    }
  });
});

describe('checkEnvironment(env)', () => {
  test('refuses to run outside Terraform and without protocol 6', () => {
    expect(() => checkEnvironment({})).toThrow(HandshakeError);
    expect(() => checkEnvironment({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '4,5' })).toThrow(/speaks 6/);
    expect(checkEnvironment({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: 'PEM' })).toEqual({ clientCertPem: 'PEM' });
  });
});

describe('tfplugin6 protobuf codec', () => {
  test('round trip with maps, repeated messages, oneof and bytes', () => {
    const msg = {
      provider: { version: 0, block: { version: 0, attributes: [{ name: 'corp_id', type: Buffer.from('"string"'), required: true, description: 'x' }] } },
      resource_schemas: { wecom_tag: { version: 1, block: { attributes: [] } } },
      diagnostics: [{ severity: 1, summary: 'bad', attribute: { steps: [{ attribute_name: 'users' }, { element_key_int: 0 }] } }],
    };
    const back = decodeMessage('tfplugin6.GetProviderSchema.Response', encodeMessage('tfplugin6.GetProviderSchema.Response', msg));
    expect(back).toEqual({
      provider: { block: { attributes: [{ name: 'corp_id', type: Buffer.from('"string"'), required: true, description: 'x' }] } },
      resource_schemas: { wecom_tag: { version: 1, block: {} } },
      diagnostics: [{ severity: 1, summary: 'bad', attribute: { steps: [{ attribute_name: 'users' }, { element_key_int: 0 }] } }],
    });
  });

  test('field numbers of the wire format (ValidateResourceConfig.client_capabilities is 3)', () => {
    const bytes = encodeMessage('tfplugin6.ValidateResourceConfig.Request', { type_name: 'a', client_capabilities: { write_only_attributes_allowed: true } });
    expect(bytes).toEqual(Buffer.from([0x0a, 0x01, 0x61, 0x1a, 0x02, 0x10, 0x01]));
    // Unknown fields (from a newer Terraform) are skipped.
    expect(decodeMessage('tfplugin6.StopProvider.Request', Buffer.from([0x0a, 0x01, 0x61, 0x10, 0x05]))).toEqual({});
  });

  test('gRPC frames: flag byte, big-endian length, message', () => {
    expect(frame(Buffer.from([7, 8]))).toEqual(Buffer.from([0, 0, 0, 0, 2, 7, 8]));
    expect(unframe(frame(Buffer.from('abc')))).toEqual(Buffer.from('abc'));
    expect(() => unframe(Buffer.from([1, 0, 0, 0, 0]))).toThrow(/compressed/);
  });
});

describe('bin/terraform-provider-wecom before the handshake', () => {
  test('loads only its entry, handshake and server (the engine, client and cache load later)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-prestart-'));
    const trace = path.join(dir, 'trace.log');
    const child = spawn(path.join(ROOT, 'bin', 'terraform-provider-wecom'), [], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        PATH: process.env.PATH, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6',
        PLUGIN_CLIENT_CERT: makeServerCertificate().certPem, PLUGIN_UNIX_SOCKET_DIR: dir, WECOM_PROVIDER_TRACE: trace,
      },
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out); });
        child.on('exit', (code) => reject(new Error(`exited ${code} before the handshake`)));
      });
      expect(line).toMatch(/^1\|6\|unix\|/);
      // The trace line is written right after the handshake line.
      for (let i = 0; i < 100 && !fs.existsSync(trace); i++) await new Promise((r) => setTimeout(r, 20));
      const modules = /modules: (.*)$/m.exec(fs.readFileSync(trace, 'utf8'))![1].split(' ').sort();
      expect(modules).toEqual(['handshake.js', 'main.js', 'server.js', 'terraform-provider-wecom']);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
