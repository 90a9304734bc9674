/** A CommonJS module whose module.exports is the handler itself. */
module.exports = async (event) => ({ commonjsFunction: true, args: event.arguments });
