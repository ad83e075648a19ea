// The root node_modules holds an older aws-cdk-lib (pulled in by amplify-dynamodb-simulator); tests import
// CDK through here so that they use the same copy as the stack.
export { Match, Template } from 'aws-cdk-lib/assertions';
/** A resource with known AwsSolutions findings (no DLQ, no SSL enforcement), to prove that nag is wired. */
export { Queue } from 'aws-cdk-lib/aws-sqs';
export { AwsSolutionsChecks } from 'cdk-nag';
