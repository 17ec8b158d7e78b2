// A unary gRPC server on node:http2 (TLS with a required client certificate when AutoMTLS is
// on). gRPC's framing is small: a request is one length-prefixed message on POST :path
// /package.Service/Method, the answer one message plus trailers carrying grpc-status. Doing it
// here instead of loading @grpc/grpc-js saves ~100 ms per process start, and Terraform starts
// the provider 3-5 times per command.
import * as fs from 'node:fs';
import * as http2 from 'node:http2';
import * as os from 'node:os';
import * as path from 'node:path';

export const enum GrpcStatus { OK = 0, CANCELLED = 1, UNKNOWN = 2, INVALID_ARGUMENT = 3, UNIMPLEMENTED = 12, INTERNAL = 13, UNAVAILABLE = 14 }

export class GrpcError extends Error {
  constructor(readonly status: GrpcStatus, message: string) {
    super(message);
    this.name = 'GrpcError';
  }
}

/** Answers one call: request message bytes in, response message bytes out (or a GrpcError). */
export type UnaryHandler = (request: Buffer) => Promise<Buffer>;

export interface ServerOptions {
  /** Finds the handler for a `:path`; undefined answers UNIMPLEMENTED. */
  route(path: string): UnaryHandler | undefined;
  tls?: { keyPem: string; certPem: string; clientCaPem: string };
  /** Directory for the unix socket (default: PLUGIN_UNIX_SOCKET_DIR or the temp dir). */
  socketDir?: string;
}

export interface RunningServer {
  network: 'unix';
  address: string;
  close(): void;
}

const MAX_MESSAGE = 256 << 20; // Terraform's own limit

export function listen(opts: ServerOptions): Promise<RunningServer> {
  const settings: http2.Settings = { maxConcurrentStreams: 1000, initialWindowSize: 4 << 20 };
  const server = opts.tls
    ? http2.createSecureServer({
      key: opts.tls.keyPem, cert: opts.tls.certPem, ca: opts.tls.clientCaPem,
      requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2', settings, maxSessionMemory: 1024,
    })
    : http2.createServer({ settings, maxSessionMemory: 1024 });
  server.on('stream', (stream, headers) => serve(stream, String(headers[':path']), (p) => opts.route(p)));
  // A broken connection is Terraform's to report; the provider must not crash on it.
  server.on('sessionError', () => undefined);
  server.on('tlsClientError', () => undefined);

  const dir = opts.socketDir ?? process.env.PLUGIN_UNIX_SOCKET_DIR ?? os.tmpdir();
  const address = path.join(dir, `plugin-wecom-${process.pid}-${Date.now().toString(36)}.sock`);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      resolve({
        network: 'unix',
        address,
        close: () => { server.close(); fs.rmSync(address, { force: true }); },
      });
    });
  });
}

function serve(stream: http2.ServerHttp2Stream, path: string, route: ServerOptions['route']): void {
  stream.on('error', () => undefined);
  const handler = route(path);
  if (!handler) { fail(stream, GrpcStatus.UNIMPLEMENTED, `${path} is not implemented by terraform-provider-wecom`); return; }
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_MESSAGE + 5) { fail(stream, GrpcStatus.INVALID_ARGUMENT, 'request too large'); return; }
    chunks.push(c);
  });
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    let message: Buffer;
    try {
      message = unframe(body);
    } catch (err) {
      fail(stream, GrpcStatus.INVALID_ARGUMENT, (err as Error).message);
      return;
    }
    handler(message).then(
      (res) => reply(stream, res),
      (err) => fail(stream, err instanceof GrpcError ? err.status : GrpcStatus.INTERNAL, (err as Error)?.stack ?? String(err)),
    );
  });
}

/** The one message of a unary request: 1 byte compressed flag, 4 bytes length, the bytes. */
export function unframe(body: Buffer): Buffer {
  if (body.length === 0) return body;
  if (body.length < 5) throw new Error('truncated gRPC frame');
  if (body[0] !== 0) throw new Error('compressed gRPC messages are not supported');
  const len = body.readUInt32BE(1);
  if (body.length < 5 + len) throw new Error('truncated gRPC message');
  return body.subarray(5, 5 + len);
}

export function frame(message: Buffer): Buffer {
  const head = Buffer.allocUnsafe(5);
  head[0] = 0;
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

function reply(stream: http2.ServerHttp2Stream, message: Buffer): void {
  if (stream.destroyed || stream.closed) return;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc+proto' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(GrpcStatus.OK) }));
  stream.end(frame(message));
}

/** A trailers-only answer: the status rides in the response headers. */
function fail(stream: http2.ServerHttp2Stream, status: GrpcStatus, message: string): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  stream.respond({
    ':status': 200, 'content-type': 'application/grpc+proto',
    'grpc-status': String(status), 'grpc-message': encodeURIComponent(message.slice(0, 4000)),
  }, { endStream: true });
}
