// The floor of the offline plan: a Node process that only loads @pulumi/pulumi and the @pulumi/aws
// modules (and resource classes) the measured stack uses. Usage: node floor.js <type> [<type> ...]
"use strict";
require("@pulumi/pulumi");
const aws = require("@pulumi/aws");
for (const type of process.argv.slice(2)) {
    // aws:s3/bucket:Bucket -> aws.s3.Bucket; pulumi:providers:aws -> aws.Provider
    const m = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(type);
    if (m) void aws[m[1]][m[2]];
    else if (type === "pulumi:providers:aws") void aws.Provider;
}
