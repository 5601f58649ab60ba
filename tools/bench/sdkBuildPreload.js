// Preloaded (`-r`) into a pack's own process by `throughput.ts --sdk-build <dir> --transport cli`: installs the
// build named in the environment (sdkBuild.js) and appends the name of each file it compiles to the report file,
// synchronously, so the record survives the process being killed when the bench is done with it.
"use strict";
const fs = require("fs");
const { installSdkBuild, ENV } = require("./sdkBuild.js");

const { sdkDir, buildDir, reportFile } = JSON.parse(process.env[ENV]);
installSdkBuild(sdkDir, buildDir, (name) => fs.appendFileSync(reportFile, `${name}\n`));
