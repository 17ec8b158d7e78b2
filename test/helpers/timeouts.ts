/**
 * Timeout per test and per hook for the suites that start processes or run whole workflows (the
 * CLI, the simulator, ts-node, the engine at size): test/cli, test/reliability, test/examples,
 * test/bench. Their slowest tests take 5-20 s on an idle machine and several times that on a
 * loaded 2-core CI runner with two jest workers, close to the 60 s default (jest.config.js).
 * The other suites keep the default, so a hang there still fails fast. A timeout is only a
 * backstop against hangs: no test asserts on time.
 */
export const SLOW_SUITE_TIMEOUT_MS = 180_000;
