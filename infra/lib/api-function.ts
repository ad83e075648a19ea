import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { TABLE_INDEXES } from '../../packages/api/src/stores/dynamodb/table-definition.ts';
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
 * Every write of the adapter is one TransactWriteItems, made of conditional Puts (events, heads, idempotency
 * item) and a ConditionCheck (stores/dynamodb/transaction.ts). IAM has no TransactWriteItems action: a
 * transaction is authorised item by item with these. Add UpdateItem here if the adapter starts using Update.
 */
const TRANSACTIONAL_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem'];
const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:DescribeTable',
];

export function createApiFunction(scope: Construct, table: TableV2): NodejsFunction {
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
    environment: { CHEMINS_TABLE: table.tableName },
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
    new PolicyStatement({ effect: Effect.ALLOW, actions: ['dynamodb:Query'], resources: indexArns }),
  );
  // No DeleteItem: the journal is append-only. Writes outside a transaction are refused too, so a bug
  // cannot bypass the conditions that keep versions and the hash chain gap-free.
  role.addToPrincipalPolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: TRANSACTIONAL_WRITE_ACTIONS,
      resources: [table.tableArn],
      conditions: { 'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] } },
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
