// terraform-provider-wecom's entry: check that Terraform started us, listen, print the
// handshake line, serve until GRPCController/Shutdown. Only node:http2 and node:crypto load
// before the handshake; the engine loads with the first call that needs it.
import { checkEnvironment, handshakeLine, HandshakeError, makeServerCertificate } from './handshake';
import { listen, RunningServer } from './server';

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let client: { clientCertPem?: string };
  try {
    client = checkEnvironment(env);
  } catch (err) {
    if (!(err instanceof HandshakeError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  // Ctrl-C reaches the whole process group; Terraform answers it with StopProvider and waits for
  // the apply in flight, which must therefore finish here rather than die with the signal.
  process.on('SIGINT', () => undefined);
  const cert = client.clientCertPem ? makeServerCertificate() : undefined;
  let router: import('./provider').Router | undefined;
  let server: RunningServer | undefined;
  const shutdown = async () => {
    try { await router?.session.close(); } finally { server?.close(); process.exit(0); }
  };
  const routeFor = (path: string) => {
    if (!router) {
      const { createRouter } = require('./provider') as typeof import('./provider');
      const { ProviderSession } = require('./session') as typeof import('./session');
      router = createRouter(new ProviderSession(env), () => { void shutdown(); });
    }
    return router.route(path);
  };
  server = await listen({
    route: routeFor,
    tls: cert && client.clientCertPem ? { keyPem: cert.keyPem, certPem: cert.certPem, clientCaPem: client.clientCertPem } : undefined,
  });
  process.on('exit', () => server?.close());
  process.stdout.write(handshakeLine({ network: server.network, address: server.address, certDer: cert?.der }));
  // Debug aid (docs/terraform.md): ms from process start to the handshake, our modules loaded by then.
  if (env.WECOM_PROVIDER_TRACE) {
    const modules = Object.keys(require.cache).map((m) => m.split(/[\\/]/).pop()).join(' ');
    require('node:fs').appendFileSync(env.WECOM_PROVIDER_TRACE, `${process.pid} handshake ${performance.now().toFixed(1)} ms, modules: ${modules}\n`);
  }
  return 0;
}
