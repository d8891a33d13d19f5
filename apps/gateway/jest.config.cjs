// passWithNoTests: a freshly generated service has no unit tests yet; its e2e target tests it.
module.exports = { ...require('../../jest.preset.cjs').unit(__dirname), passWithNoTests: true };
