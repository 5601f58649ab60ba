import * as pulumi from "@pulumi/pulumi";
import { MlDataBucket } from "../mlDataBucket";
import { MlopsProject } from "../mlopsProject";
import { ModelEndpoint } from "../modelEndpoint";
import { PlatformNetwork } from "../network";
import { PersonaRole } from "../personaRole";
import { PlatformKey } from "../platformKey";
import { RetrainPipeline } from "../retrainPipeline";
import { StudioDomain } from "../studioDomain";
import { COMPONENTS, type ComponentName, MODULE, PACKAGE_NAME, packageSchema } from "./schema";

/**
 * The components as a Pulumi component provider, for programs in other languages (`pulumi package add`):
 * the engine asks for the schema (generated from the zod schemas) and, for each component a program
 * declares, calls `construct`, which runs the same TypeScript class a TypeScript program would. The
 * class validates the inputs with its schema, so a Python or YAML program gets the same error message.
 * Nothing here runs on import: `main.ts` starts the gRPC server.
 */

type AnyInputs = Record<string, unknown>;
interface Constructible {
    /** Creates the component from the inputs the engine sends (already in the shape of the TypeScript Args). */
    create(name: string, inputs: AnyInputs, opts: pulumi.ComponentResourceOptions): pulumi.ComponentResource;
}

// The classes take their Args type; the provider's inputs are checked by the class's own schema (parseArgs).
/* eslint-disable @typescript-eslint/no-explicit-any -- engine inputs are untyped until the schema parses them */
const CONSTRUCTORS: Record<ComponentName, Constructible> = {
    MlDataBucket: { create: (n, i, o) => new MlDataBucket(n, i as any, o) },
    PlatformKey: { create: (n, i, o) => new PlatformKey(n, i as any, o) },
    PlatformNetwork: { create: (n, i, o) => new PlatformNetwork(n, i as any, o) },
    PersonaRole: { create: (n, i, o) => new PersonaRole(n, i as any, o) },
    StudioDomain: { create: (n, i, o) => new StudioDomain(n, i as any, o) },
    RetrainPipeline: { create: (n, i, o) => new RetrainPipeline(n, i as any, o) },
    MlopsProject: { create: (n, i, o) => new MlopsProject(n, i as any, o) },
    ModelEndpoint: { create: (n, i, o) => new ModelEndpoint(n, i as any, o) },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A registered output (`registerOutputs`) read back from the component. */
function outputsOf(name: ComponentName, component: pulumi.ComponentResource): Record<string, pulumi.Input<unknown>> {
    const registered: Record<string, unknown> = { ...component };
    // PlatformKey, StudioDomain and PlatformNetwork register properties of their children under new names.
    if (component instanceof PlatformKey) registered.aliasName = component.alias.name;
    if (component instanceof StudioDomain) Object.assign(registered, { domainId: component.domain.id, domainArn: component.domain.arn, launchPolicyArn: component.launchPolicy.arn });
    if (component instanceof PlatformNetwork) {
        Object.assign(registered, { studioSecurityGroupId: component.studioSecurityGroup.id, workloadSecurityGroupId: component.workloadSecurityGroup.id });
    }
    if (component instanceof MlopsProject) {
        Object.assign(registered, {
            buildPipelineArn: component.pipelines.build.arn,
            deployPipelineArn: component.pipelines.deploy.arn,
            modelPackageGroupArn: component.modelPackageGroup.arn,
            approverPolicyArn: component.approverPolicy.arn,
        });
    }
    if (component instanceof RetrainPipeline) {
        Object.assign(registered, {
            stateMachineArn: component.stateMachine.arn,
            imageRepositoryUrl: component.imageRepository.repositoryUrl,
            repositoryCloneUrl: component.repository.cloneUrlHttp,
            alertsTopicArn: component.alertsTopic.arn,
            credentialsSecretArn: component.credentials.arn,
        });
    }
    return Object.fromEntries(
        Object.keys(COMPONENTS[name].outputs).map((key) => {
            const value = registered[key];
            if (value === undefined) throw new Error(`${name} has no output ${key} (components/provider/schema.ts declares it)`);
            return [key, value as pulumi.Input<unknown>];
        }),
    );
}

/** The component name of a type token, if it is one of ours. */
export function componentOf(type: string): ComponentName | undefined {
    const prefix = `${PACKAGE_NAME}:${MODULE}:`;
    const name = type.startsWith(prefix) ? type.slice(prefix.length) : undefined;
    return name !== undefined && Object.hasOwn(COMPONENTS, name) ? (name as ComponentName) : undefined;
}

/** The provider the language host runs (see main.ts); `version` is the package's. */
export class ComponentProvider implements pulumi.provider.Provider {
    constructor(readonly version: string) {}

    async getSchema(): Promise<string> {
        return JSON.stringify(packageSchema(this.version));
    }

    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<pulumi.provider.ConstructResult> {
        const component = componentOf(type);
        if (component === undefined) throw new Error(`unknown resource type ${type}; this provider constructs ${Object.keys(COMPONENTS).map((c) => `${PACKAGE_NAME}:${MODULE}:${c}`).join(", ")}`);
        const resource = CONSTRUCTORS[component].create(name, inputs, options);
        return { urn: resource.urn, state: outputsOf(component, resource) };
    }
}
