// The medium tests drive an in-process service over HTTP against real Postgres and NATS, some with
// hundreds of requests (property tests): on a loaded CI box their time varies a lot, so the bound
// only catches hangs (each test waits on conditions, never on wall-clock speed).
module.exports = { ...require('../../jest.preset.cjs').unit(__dirname), testTimeout: 120_000 };
