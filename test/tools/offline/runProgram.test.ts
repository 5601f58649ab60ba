import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { ROOT } from "../../harness";
import { readStackFiles, runProgram, setCheckedInputs } from "../../../tools/offline/runProgram";

/** A register request holding `inputs`, as the SDK sends it. */
function requestWith(inputs: Record<string, unknown> | undefined): resproto.RegisterResourceRequest {
    const req = new resproto.RegisterResourceRequest();
    if (inputs) req.setObject(structproto.Struct.fromJavaScript(inputs as any));
    return req;
}

/**
 * The provider Check's result goes into the register request field by field (tools/offline/runProgram.ts,
 * setCheckedInputs) instead of encoding the whole inputs again: the request must hold, and the decoded
 * inputs must be, exactly what encoding the whole checked inputs gives (values and key order).
 */
describe("Check's result in the register request", () => {
    const cases: Array<{ what: string; before: Record<string, unknown> | undefined; checked: (before: Record<string, unknown>) => Record<string, unknown> }> = [
        { what: "name, region and tags added", before: { tags: { b: "2", a: "1" }, kmsMasterKeyId: "k" }, checked: (b) => ({ ...b, name: "q-1234567", region: "us-east-1", tagsAll: { z: "1", a: "2" } }) },
        { what: "a value replaced, another removed", before: { name: "old", region: "eu-west-1", keep: [1, { y: null, x: true }] }, checked: (b) => ({ keep: b.keep, name: "new" }) },
        { what: "integer-like keys (ordered as objects order them)", before: { "10": "a", "9": "b", x: "c" }, checked: (b) => ({ ...b, "100": { "2": 1, "1": 2 }, a: "d" }) },
        { what: "a request without inputs", before: undefined, checked: () => ({ name: "n-1", tagsAll: {} }) },
    ];
    for (const c of cases) {
        it(c.what, () => {
            const req = requestWith(c.before);
            const before = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
            const checked = c.checked(before);
            const decoded = setCheckedInputs(req, before, checked);
            const expected = structproto.Struct.fromJavaScript(checked as any).toJavaScript();
            assert.equal(JSON.stringify(req.getObject()!.toJavaScript()), JSON.stringify(expected), "the request");
            assert.equal(JSON.stringify(decoded), JSON.stringify(expected), "the decoded inputs");
            assert.deepStrictEqual(decoded, expected);
        });
    }
});

/**
 * What the offline tool loads only when a run needs it: `yaml` (the stack files' parse is cached, and only a
 * usage file needs the library), `zod` (only a usage file) and `glob` (only packaging a Lambda callback on
 * Node 20). A program that needs none of them never loads them.
 */
describe("modules the offline plan loads only when needed", () => {
    it("a plan of a program that uses none of them, with its stack files seen before, loads no yaml, zod or glob", function () {
        this.timeout(120_000);
        const program = path.join(ROOT, "test", "fixtures", "thirty-resources", "index.ts");
        readStackFiles(program, "test"); // the stack files' parse, cached as any earlier plan of them would have
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-modules-"));
        try {
            const reporter = path.join(tmp, "reporter.js");
            const loaded = path.join(tmp, "loaded.json");
            fs.writeFileSync(reporter, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache))));`);
            const json = path.join(tmp, "plan.json");
            const args = ["-r", path.join(ROOT, "tools", "register.js"), "-r", reporter, path.join(ROOT, "tools", "plan.ts"), "--stack", "test", "--program", program, "--policy-pack", path.join(ROOT, "tools", "bench", "emptyPack"), "--json", json];
            const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
            assert.equal(run.status, 0, run.stderr);
            assert.equal(JSON.parse(fs.readFileSync(json, "utf8")).summary.resources, 31, "the plan ran (30 resources and the stack)");
            const modules = (JSON.parse(fs.readFileSync(loaded, "utf8")) as string[]).filter((f) => /node_modules[\\/](yaml[\\/]dist|zod|glob)[\\/]/.test(f));
            assert.deepEqual(modules, []);
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});

/**
 * A second run in the same process (the suite runs hundreds) evaluates the program's own modules again, as
 * a new `pulumi up` process would, and keeps the packages it depends on loaded, a workspace package linked
 * into node_modules (@mlplatform/components, cached under its real path outside node_modules) as much as
 * @pulumi/aws (tools/offline/runProgram.ts, clearProgramModules).
 */
describe("modules a second run in the same process evaluates again", () => {
    const seen = () => ((globalThis as { __moduleReuseSeen?: Array<{ component: unknown; evaluation: number }> }).__moduleReuseSeen ?? []);
    after(() => {
        delete (globalThis as { __moduleReuseSeen?: unknown }).__moduleReuseSeen;
        delete (globalThis as { __moduleReuseEvaluations?: unknown }).__moduleReuseEvaluations;
    });

    it("runs the program's own modules afresh and keeps the linked workspace package", async () => {
        const program = path.join(ROOT, "test", "fixtures", "module-reuse", "index.ts");
        const first = await runProgram({ program, stack: "test" });
        const second = await runProgram({ program, stack: "test" });
        assert.equal(first.resources.length, second.resources.length);
        const [a, b] = seen().slice(-2);
        assert.equal(b.evaluation, a.evaluation + 1, "the program's own module ran again");
        assert.equal(b.component, a.component, "the workspace package's classes are the same objects");
        assert.equal(b.component, require("@mlplatform/components").MlDataBucket, "as the test itself loads them");
    });
});
