/** A CommonJS handler: `exports.handler`. */
exports.handler = async (event) => ({ commonjs: true, field: event.info.fieldName });
exports.version = 1;
