// The simulator in a process of its own (`node sim-process.js '<limits json>' [orgSize]`), so its CPU and
// memory are not counted as the engine's. Like `cdktf-wecom simulator --port 0` (first stdout
// line: the API base URL), plus what that command has no flags for: rate limits raised for
// 10,000 creates, and an IPC `stats` message answering this process's CPU time and peak RSS
// since the last `stats` (RSS sampled every 20 ms, since maxRSS never goes down).
import { startSimulator } from '../../src/simulator';
import type { SimulatorLimits } from '../../src/simulator';

export interface SimStats { cpuUserS: number; cpuSystemS: number; peakRssMb: number }

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

async function main(): Promise<void> {
  const limits = JSON.parse(process.argv[2] ?? '{}') as Partial<SimulatorLimits>;
  const orgSize = process.argv[3] ? Number(process.argv[3]) : undefined;
  const running = await startSimulator({ port: 0, limits, orgSize });
  let peak = process.memoryUsage.rss();
  let cpu0 = process.cpuUsage();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
  process.on('message', (m: { type?: string }) => {
    if (m?.type !== 'stats') return;
    const cpu = process.cpuUsage(cpu0);
    const stats: SimStats = { cpuUserS: cpu.user / 1e6, cpuSystemS: cpu.system / 1e6, peakRssMb: mb(Math.max(peak, process.memoryUsage.rss())) };
    peak = process.memoryUsage.rss();
    cpu0 = process.cpuUsage();
    process.send?.({ type: 'stats', stats });
  });
  const stop = (): void => {
    clearInterval(timer);
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  process.stdout.write(`${running.url}\n`);
}

void main();
