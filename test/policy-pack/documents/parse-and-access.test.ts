import { strict as assert } from "assert";
import fc from "fast-check";
import { isEveryResourceOfType, isPublicGrant, isWildcardResource, judge, parseDocument, restrictsWho, Statement } from "../../../policy-pack/lib/documents";

const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
function statement(s: object): Statement {
    const parsed = parseDocument(doc(s));
    assert.ok(parsed.ok, !parsed.ok ? parsed.reason : "");
    return parsed.document.statements[0];
}

describe("documents: parsing fails closed", () => {
    const cases: Array<[string, unknown, RegExp]> = [
        ["text that is not JSON", "{Statement: [", /not valid JSON/],
        ["an object without Statement", { Version: "2012-10-17" }, /no Statement/],
        ["no statements", doc(), /no statements/],
        ["an Effect AWS does not know", doc({ Effect: "allow", Action: "s3:GetObject", Resource: "*" }), /Effect "allow"/],
        ["no Action nor NotAction", doc({ Effect: "Allow", Resource: "*" }), /exactly one of Action and NotAction/],
        ["both Principal and NotPrincipal", doc({ Effect: "Allow", Action: "s3:*", Principal: "*", NotPrincipal: { AWS: "x" } }), /both Principal and NotPrincipal/],
        ["a misspelt element", doc({ Effect: "Allow", Action: "s3:GetObject", Resources: "*" }), /does not know: Resources/],
        ["a Condition that is a list", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: [] }), /Condition is not an object/],
        ["an unknown Version", { Version: "2020-01-01", Statement: [] }, /Version/],
    ];
    for (const [what, value, reason] of cases) {
        it(`reports ${what} with the reason`, () => {
            const parsed = parseDocument(value);
            assert.equal(parsed.ok, false);
            assert.match((parsed as { reason: string }).reason, reason);
            // The policies' entry point turns it into a finding instead of passing the resource.
            assert.deepEqual(judge(value, "resource").map((f) => f.rule), ["unparseable"]);
        });
    }

    it("reads a document as text or as an object, a single statement or a list, alike", () => {
        const st = { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
        const forms = [doc(st), JSON.stringify(doc(st)), { Version: "2012-10-17", Statement: st }];
        const parsed = forms.map((f) => parseDocument(f));
        for (const p of parsed) assert.deepEqual(p, parsed[0]);
        assert.equal((parsed[0] as any).document.statements[0].label, 'statement "Read"');
    });
});

describe("documents: who a statement lets in", () => {
    it('treats Principal "*" and {AWS: "*"} the same, for any statement (property)', () => {
        const arbAction = fc.constantFrom("s3:GetObject", "sqs:SendMessage", "kms:Decrypt", "*");
        const arbCondition = fc.option(
            fc.record({ op: fc.constantFrom("StringEquals", "Bool", "StringNotEquals", "ArnLike"), key: fc.constantFrom("aws:PrincipalOrgID", "aws:SecureTransport", "aws:SourceArn", "aws:SourceVpce"), value: fc.constantFrom("o-abc", "true", "*", "arn:aws:sns:us-east-1:123456789012:t", "vpce-1") }),
            { nil: undefined },
        );
        fc.assert(
            fc.property(arbAction, arbCondition, (action, cond) => {
                const base = { Effect: "Allow", Action: action, Resource: "*", ...(cond ? { Condition: { [cond.op]: { [cond.key]: cond.value } } } : {}) };
                assert.equal(isPublicGrant(statement({ ...base, Principal: "*" })), isPublicGrant(statement({ ...base, Principal: { AWS: "*" } })));
                assert.deepEqual(judge(doc({ ...base, Principal: "*" }), "resource"), judge(doc({ ...base, Principal: { AWS: ["*"] } }), "resource"));
            }),
        );
    });

    it("keeps an Allow to * with only aws:SecureTransport public", () => {
        assert.equal(isPublicGrant(statement({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: { Bool: { "aws:SecureTransport": "true" } } })), true);
    });

    it("counts NotPrincipal with Allow as public, and with Deny as no grant", () => {
        assert.equal(isPublicGrant(statement({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sqs:SendMessage", Resource: "*" })), true);
        assert.equal(isPublicGrant(statement({ Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sqs:*", Resource: "*" })), false);
    });

    it("accepts conditions that limit who or from where, with concrete values and positive operators only", () => {
        const t = (operator: string, key: string, ...values: string[]) => restrictsWho({ operator, key, values });
        assert.equal(t("StringEquals", "aws:PrincipalOrgID", "o-abc123"), true);
        assert.equal(t("StringEquals", "aws:principalorgid", "o-abc123"), true, "keys are case-insensitive");
        assert.equal(t("StringEquals", "aws:SourceVpce", "vpce-0a1b"), true);
        assert.equal(t("IpAddress", "aws:SourceIp", "203.0.113.0/24"), true);
        assert.equal(t("ArnLike", "aws:SourceArn", "arn:aws:s3:::logs-bucket"), true);
        assert.equal(t("StringEquals", "aws:SourceAccount", "123456789012"), true);
        assert.equal(t("IpAddress", "aws:SourceIp", "0.0.0.0/0"), false, "the whole internet is not a place");
        assert.equal(t("StringLike", "aws:PrincipalOrgID", "*"), false);
        assert.equal(t("ArnLike", "aws:SourceArn", "arn:aws:sns:*:*:*"), false);
        assert.equal(t("StringNotEquals", "aws:PrincipalOrgID", "o-abc123"), false, "a negated operator lets everyone else in");
        assert.equal(t("StringEqualsIfExists", "aws:SourceVpce", "vpce-0a1b"), false, "IfExists passes requests without the key");
        assert.equal(t("ForAllValues:StringEquals", "aws:PrincipalOrgPaths", "o-a/r-b/ou-c/"), false);
        assert.equal(t("Bool", "aws:SecureTransport", "true"), false);
        assert.equal(t("StringEquals", "s3:x-amz-server-side-encryption", "aws:kms"), false);
    });

    it("judges a resource policy public, cross-account, or fine", () => {
        const own = { ownAccounts: ["123456789012"] };
        assert.deepEqual(judge(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/app" }, Action: "sqs:SendMessage", Resource: "*" }), "resource", own), []);
        assert.deepEqual(judge(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "ecr:BatchGetImage", Resource: "*" }), "resource", own).map((f) => f.rule), ["cross-account"]);
        assert.deepEqual(judge(doc({ Effect: "Allow", Principal: { AWS: "999999999999" }, Action: "ecr:BatchGetImage", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }), "resource", own), [], "an org condition makes a foreign account a member");
        assert.deepEqual(judge(doc({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: "*" }), "resource", own), [], "service principals are not accounts");
        assert.deepEqual(judge(doc({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/r" } } }), "resource", own), []);
        const pub = judge(doc({ Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: ["secretsmanager:GetSecretValue"], Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }), "resource", own);
        assert.deepEqual(pub.map((f) => f.rule), ["public"]);
        assert.match(pub[0].message, /statement "Open" allows secretsmanager:GetSecretValue to any principal/);
    });
});

describe("documents: wildcard resources on every ARN shape", () => {
    const wildcards = [
        "*",
        "arn:aws:s3:::*",
        "arn:aws:s3:::*/*",
        "arn:aws:iam::*:role/*",
        "arn:aws:logs:*",
        "arn:*:sagemaker:us-east-1:123456789012:model/x",
        "arn:aws:codecommit:*:*:*",
        "arn:aws:sns:us-east-1:123456789012:*",
        "arn:aws:execute-api:us-east-1:123456789012:*/prod/GET/x",
        "arn:aws:apigateway:us-east-1::/restapis/*",
        "arn:aws:ecr:us-east-1:12345678901?:repository/app",
    ];
    const named = [
        "arn:aws:s3:::my-bucket",
        "arn:aws:s3:::my-bucket/*",
        "arn:aws:s3:::my-bucket/prefix/*",
        "arn:aws:iam::123456789012:role/app",
        "arn:aws:iam::123456789012:role/service-role/*",
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/x:*",
        "arn:aws:sagemaker:us-east-1:123456789012:training-job/retrain-*",
        "arn:aws:sqs:us-east-1:123456789012:queue-*",
        "arn:aws:execute-api:us-east-1:123456789012:abc123/*",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ];
    const everyOfType = [
        "arn:aws:iam::123456789012:role/*",
        "arn:aws:dynamodb:us-east-1:123456789012:table/*",
        "arn:aws:logs:us-east-1:123456789012:log-group:*",
        "arn:aws:states:us-east-1:123456789012:stateMachine:*",
        "arn:aws:sagemaker:us-east-1:123456789012:training-job/*",
    ];
    for (const r of wildcards) it(`sees ${r} as every resource`, () => assert.equal(isWildcardResource(r) && isEveryResourceOfType(r), true));
    for (const r of everyOfType) it(`sees ${r} as every resource of one type in one account, not as "*"`, () => assert.deepEqual([isWildcardResource(r), isEveryResourceOfType(r)], [false, true]));
    for (const r of named) it(`sees ${r} as named resources`, () => assert.deepEqual([isWildcardResource(r), isEveryResourceOfType(r)], [false, false]));

    it("sees any ARN whose account is a wildcard as every resource (property)", () => {
        fc.assert(
            fc.property(fc.constantFrom("s3", "iam", "sqs", "sagemaker", "ecr"), fc.stringMatching(/^[a-z0-9/-]{0,20}$/), (service, rest) => {
                assert.equal(isWildcardResource(`arn:aws:${service}:us-east-1:*:${rest}`), true);
            }),
        );
    });
});

describe("documents: conditions change the verdict only when they limit who or from where (property)", () => {
    const who = fc.constantFrom<[string, string, string]>(
        ["StringEquals", "aws:PrincipalOrgID", "o-abc123"],
        ["StringEquals", "aws:SourceVpce", "vpce-0a1b2c3d"],
        ["ArnEquals", "aws:SourceArn", "arn:aws:events:us-east-1:123456789012:rule/r"],
        ["StringEquals", "aws:SourceAccount", "123456789012"],
        ["IpAddress", "aws:SourceIp", "203.0.113.0/24"],
    );
    const other = fc.constantFrom<[string, string, string]>(
        ["Bool", "aws:SecureTransport", "true"],
        ["StringEquals", "s3:x-amz-server-side-encryption", "aws:kms"],
        ["DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z"],
        ["StringNotEquals", "aws:PrincipalOrgID", "o-abc123"],
        ["StringEqualsIfExists", "aws:SourceVpce", "vpce-0a1b2c3d"],
    );
    const principal = fc.constantFrom<unknown>("*", { AWS: "*" }, { AWS: ["*"] });
    const condition = (tests: Array<[string, string, string]>) => {
        const c: Record<string, Record<string, string>> = {};
        for (const [op, key, value] of tests) (c[op] ??= {})[key] = value;
        return c;
    };

    it("keeps a grant to anyone public under any number of other conditions, and makes it private with one on who", () => {
        fc.assert(
            fc.property(principal, fc.array(other, { maxLength: 3 }), who, (p, others, limit) => {
                const base = { Effect: "Allow", Principal: p, Action: "sqs:SendMessage", Resource: "*" };
                assert.equal(isPublicGrant(statement({ ...base, ...(others.length ? { Condition: condition(others) } : {}) })), true);
                assert.equal(isPublicGrant(statement({ ...base, Condition: condition([...others, limit]) })), false);
            }),
        );
    });
});
