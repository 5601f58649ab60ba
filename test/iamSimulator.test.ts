import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DecisionMemo, Question, decide, questionKey } from "./iamSimulator";

describe("test support: the IAM simulator's decisions, memoised per question", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iam-decisions-"));
    const file = path.join(dir, "decisions.json");
    const role = "arn:aws:iam::123456789012:role/reader";
    const read = (actions: string[]): Question => ({
        principal: role,
        action: "s3:GetObject",
        resource: "arn:aws:s3:::data/raw/file.csv",
        identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "arn:aws:s3:::data/*" }] }],
    });

    it("simulates a question once: asked again, it is answered from the memo", async () => {
        const memo = DecisionMemo.load(file, "v1");
        assert.equal(await decide(read(["s3:GetObject"]), memo), "Allowed");
        assert.equal(memo.simulated, 1);
        assert.equal(await decide(read(["s3:GetObject"]), memo), "Allowed");
        assert.equal(memo.simulated, 1);
    });

    it("simulates a question whose document changed (a mutation check's copy) and gives its own answer", async () => {
        const memo = DecisionMemo.load(file, "v1");
        await decide(read(["s3:GetObject"]), memo);
        assert.equal(await decide(read(["s3:PutObject"]), memo), "ImplicitlyDenied");
        assert.equal(memo.simulated, 2);
        assert.notEqual(questionKey(read(["s3:GetObject"])), questionKey(read(["s3:PutObject"])));
    });

    it("keeps no question that fails: it fails again each time it is asked", async () => {
        const memo = DecisionMemo.load(file, "v1");
        const impossible = { ...read(["s3:GetObject"]), context: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } };
        for (const _ of [1, 2]) await assert.rejects(decide(impossible, memo), /s3:GetObject carries no context key kms:viaservice/i);
        assert.equal(memo.simulated, 0);
        assert.equal(memo.get(questionKey(impossible)), undefined);
    });

    it("writes what it simulated and reads it back under the same salt only", async () => {
        const memo = DecisionMemo.load(file, "v1");
        await decide(read(["s3:GetObject"]), memo);
        memo.save();
        const again = DecisionMemo.load(file, "v1");
        assert.equal(again.get(questionKey(read(["s3:GetObject"]))), "Allowed");
        assert.equal(await decide(read(["s3:GetObject"]), again), "Allowed");
        assert.equal(again.simulated, 0, "answered from the file, not simulated");
        assert.equal(DecisionMemo.load(file, "v2").get(questionKey(read(["s3:GetObject"]))), undefined, "another salt (code, packages) starts afresh");
        fs.writeFileSync(file, "{ half an ent");
        assert.equal(DecisionMemo.load(file, "v1").get(questionKey(read(["s3:GetObject"]))), undefined, "an unreadable file is no memo");
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));
});
