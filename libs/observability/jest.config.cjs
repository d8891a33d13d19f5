const preset = require('../../jest.preset.cjs').unit(__dirname);

// The OTLP exporter loads node:http through a dynamic import(), which Jest's CommonJS runtime
// rejects without --experimental-vm-modules; letting swc transform that package turns it into
// require(). Production (plain Node) is unaffected.
module.exports = {
  ...preset,
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@nats-io|jose|@opentelemetry/otlp-exporter-base)/)'],
};
