// Runs the TypeScript tools and programs with ts-node in transpile-only mode (type checking is
// `npm run typecheck`'s job), which keeps the offline plan and the tests fast.
process.env.TS_NODE_TRANSPILE_ONLY = "true";
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || require("path").join(__dirname, "..", "tsconfig.json");
require("ts-node").register({ transpileOnly: true });
