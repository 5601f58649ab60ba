// The policy pack's share of `npm test` (see shards.js).
module.exports = require("./shards").shards["policy-pack"];
