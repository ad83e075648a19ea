import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { createApiFunction } from './api-function.ts';
import { createHttpApi } from './http-api.ts';
import { createJournalTable } from './journal-table.ts';
import { createUsers } from './user-pool.ts';

export interface CheminsStackProps extends StackProps {
  readonly tableName: string;
  /** Browser origins allowed to call the API (CORS); empty for none. */
  readonly corsOrigins: readonly string[];
}

export class CheminsStack extends Stack {
  constructor(scope: Construct, id: string, props: CheminsStackProps) {
    super(scope, id, props);

    const table = createJournalTable(this, props.tableName);
    const handler = createApiFunction(this, { table, corsOrigins: props.corsOrigins });
    const { userPool, client } = createUsers(this);
    const { stage } = createHttpApi(this, { handler, userPool, client, corsOrigins: props.corsOrigins });

    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', {
      value: client.userPoolClientId,
      description: 'App client id: the audience of the ID tokens the API accepts',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
