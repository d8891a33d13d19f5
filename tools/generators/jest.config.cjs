// The generator spec typechecks a freshly generated service, which takes a while on 2 cores.
module.exports = { ...require('../../jest.preset.cjs').unit(__dirname), testTimeout: 120_000 };
