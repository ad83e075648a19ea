import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CheminsStack } from './chemins-stack.ts';
import { readConfig } from './config.ts';

export const STACK_ID = 'CheminsStack';

export interface BuildOptions {
  /** Same keys as `cdk -c key=value`; the CLI passes its context through the environment instead. */
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: CheminsStack;
}

/** One builder for `cdk synth` and the tests, so that the tests check what gets deployed. */
export function buildApp(options: BuildOptions = {}): BuiltApp {
  const app = new App({
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
  });
  const config = readConfig(app);
  // The account stays unresolved when no credentials are around: synth needs none.
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const stack = new CheminsStack(app, STACK_ID, {
    stackName: config.stackName,
    env: account === undefined ? { region: config.region } : { account, region: config.region },
    tableName: config.tableName,
    corsOrigins: config.corsOrigins,
    description: 'Chemins: event-sourced journal of social projects (DynamoDB, Lambda, HTTP API, Cognito)',
  });
  // Findings fail synthesis; each accepted one is acknowledged next to its construct, with its reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
