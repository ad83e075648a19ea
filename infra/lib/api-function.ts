import { type DynamoCommands, TABLE_INDEXES } from '@chemins/api';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LAMBDA_ENTRY, LOCK_FILE, REPO_ROOT } from './paths.ts';

/**
 * Bundled dependencies are partly CommonJS; in an ESM bundle esbuild's `require` shim needs a real
 * `require` for Node built-ins.
 */
const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * Credential providers that the SDK's default chain loads with a dynamic `import()` only when the
 * environment holds no credentials, and the clients only they use. Lambda always puts the function's
 * credentials in the environment (read first, by the bundled `fromEnv`), so these are never loaded there;
 * if one ever were, the Node.js 22 runtime's own SDK v3 copy would answer. Left out, they take about 130 KB off
 * the bundle (bench/README.md, Lambda).
 */
const LAZY_CREDENTIAL_MODULES = [
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
  '@smithy/credential-provider-imds',
];

/**
 * Event streams: the SDK's protocols load their codec with a dynamic `import()` only for an operation
 * with an event stream in its input or output, and DynamoDB has none. Left out: 15 KB.
 */
const LAZY_PROTOCOL_MODULES = ['@smithy/core/event-streams'];

/** How esbuild bundles the handler; bench/lambda.ts builds its bundles with these too. */
export const API_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  // The French labels as UTF-8 rather than \u escapes: the same strings, 0.8 KB less.
  charset: Charset.UTF8,
  banner: ESM_REQUIRE_SHIM,
  // Left out: the modules above, which the handler only reaches through an `import()` it never runs on
  // Lambda; the bundle must import none of them statically (the infra test loads it without node_modules).
  // The rest of the AWS SDK is bundled, not taken from the runtime: the deployed version is the locked
  // one, and one minified file initialises faster than the runtime's SDK loaded from its many files
  // (measured in bench/README.md, Lambda).
  externalModules: [...LAZY_CREDENTIAL_MODULES, ...LAZY_PROTOCOL_MODULES],
  forceDockerBundling: false,
} satisfies BundlingOptions;

/**
 * The IAM actions behind each SDK command the adapter sends (its list: stores/dynamodb/sdk-commands.ts), keyed
 * by that list so that a command added there does not type-check here until it is granted. IAM has no
 * TransactWriteItems action: a transaction is authorised item by item, and the adapter's transactions hold
 * only Puts (appends, summaries, text erasures, the person directory, whose erasure overwrites the entry with
 * a tombstone). Not granted: ConditionCheckItem, sent only by the `failPartWay` test hook, and DescribeTable,
 * sent only by ensureTable against DynamoDB Local. Add UpdateItem here if a transaction starts holding an Update.
 */
const COMMAND_ACTIONS = {
  GetItemCommand: ['dynamodb:GetItem'],
  BatchGetItemCommand: ['dynamodb:BatchGetItem'],
  QueryCommand: ['dynamodb:Query'],
  TransactWriteItemsCommand: ['dynamodb:PutItem'],
} as const satisfies Record<keyof DynamoCommands, readonly string[]>;

const { TransactWriteItemsCommand: TRANSACTIONAL_WRITE_ACTIONS, ...readCommands } = COMMAND_ACTIONS;
const TABLE_READ_ACTIONS = Object.values(readCommands).flat();

export interface ApiFunctionProps {
  readonly table: TableV2;
  /** Origins the API allows (CHEMINS_CORS_ORIGINS); empty for none. */
  readonly corsOrigins: readonly string[];
}

export function createApiFunction(
  scope: Construct,
  { table, corsOrigins }: ApiFunctionProps,
): NodejsFunction {
  const logGroup = new LogGroup(scope, 'ApiFunctionLogs', {
    // Application logs may carry personal data: keep them no longer than needed to investigate a bug.
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });

  // An explicit role instead of the default one, which carries the AWSLambdaBasicExecutionRole managed
  // policy (log writes to every log group of the account).
  const role = new Role(scope, 'ApiFunctionRole', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: 'Chemins API: writes its own logs, reads and appends to the journal table.',
  });

  const fn = new NodejsFunction(scope, 'ApiFunction', {
    entry: LAMBDA_ENTRY,
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: LOCK_FILE,
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: 512,
    timeout: Duration.seconds(10),
    role,
    logGroup,
    environment: {
      CHEMINS_TABLE: table.tableName,
      // API Gateway answers with the same origins (http-api.ts); the function needs them for the preflights
      // that reach it through the OPTIONS route.
      ...(corsOrigins.length === 0 ? {} : { CHEMINS_CORS_ORIGINS: corsOrigins.join(',') }),
    },
    bundling: API_BUNDLING,
  });

  // logGroupArn ends with `:*`, which covers the function's log streams and nothing else.
  role.addToPrincipalPolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );

  // Each index by name rather than `index/*`: the grant names exactly the indexes the table has.
  const indexArns = Object.values(TABLE_INDEXES).map((index) => `${table.tableArn}/index/${index.indexName}`);
  role.addToPrincipalPolicy(
    new PolicyStatement({ effect: Effect.ALLOW, actions: TABLE_READ_ACTIONS, resources: [table.tableArn] }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: [...COMMAND_ACTIONS.QueryCommand],
      resources: indexArns,
    }),
  );
  // No DeleteItem: the journal is append-only. Writes outside a transaction are refused too, so a bug
  // cannot bypass the conditions that keep versions and the hash chain gap-free.
  role.addToPrincipalPolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: [...TRANSACTIONAL_WRITE_ACTIONS],
      resources: [table.tableArn],
      // A request has one enclosing operation (or none, outside a transaction): a single-valued key.
      conditions: { StringEquals: { 'dynamodb:EnclosingOperation': 'TransactWriteItems' } },
    }),
  );

  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 (an LTS line supported by Lambda) is the runtime fixed by the design (DESIGN.md, ' +
      'Infrastructure); moving to a newer runtime is a deliberate change that needs the code tested on it.',
  });

  return fn;
}
