// The rest of `npm test` (see shards.js).
module.exports = require("./shards").shards.rest;
