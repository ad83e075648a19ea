import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The only routes reachable without a token: probes and the API's own documentation. */
export const PUBLIC_ROUTES = ['/health', '/openapi.json', '/docs'] as const;

/** Everything else goes through the JWT authorizer, then to the same function. */
export const PROTECTED_ROUTE = '/{proxy+}';

export interface ApiProps {
  readonly handler: IFunction;
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;
}

export interface Api {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
}

export function createHttpApi(scope: Construct, props: ApiProps): Api {
  const httpApi = new HttpApi(scope, 'Api', {
    description: 'Chemins: journal of the social projects of the structures of a territory',
    // The default stage is created below, because only an explicit stage takes throttling and access logs.
    createDefaultStage: false,
  });

  const accessLogs = new LogGroup(scope, 'ApiAccessLogs', {
    // Connection logs: kept six months to a year under the CNIL's recommendation on logging.
    retention: RetentionDays.SIX_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const stage = httpApi.addStage('DefaultStage', {
    stageName: '$default',
    autoDeploy: true,
    // A département's traffic is a few requests a minute; the limit bounds the bill of a runaway client.
    throttle: { rateLimit: 50, burstLimit: 100 },
    accessLogSettings: {
      destination: new LogGroupLogDestination(accessLogs),
      format: AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          time: '$context.requestTimeEpoch',
          ip: '$context.identity.sourceIp',
          method: '$context.httpMethod',
          path: '$context.path',
          routeKey: '$context.routeKey',
          status: '$context.status',
          latencyMs: '$context.responseLatency',
          responseLength: '$context.responseLength',
          sub: '$context.authorizer.claims.sub',
          authorizerError: '$context.authorizer.error',
          integrationError: '$context.integrationErrorMessage',
        }),
      ),
    },
  });

  const integration = new HttpLambdaIntegration('ApiIntegration', props.handler);

  // The issuer is spelt out as in the token's `iss`: the pool's ProviderURL attribute has no scheme.
  const issuer = `https://cognito-idp.${Stack.of(scope).region}.amazonaws.com/${props.userPool.userPoolId}`;
  // Clients send the ID token (it carries the custom attributes), whose audience is the app client id.
  const authorizer = new HttpJwtAuthorizer('CognitoIdToken', issuer, {
    jwtAudience: [props.client.userPoolClientId],
    identitySource: ['$request.header.Authorization'],
  });

  for (const path of PUBLIC_ROUTES) {
    for (const route of httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration })) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `GET ${path} is public by design (health probe, OpenAPI document, documentation page); it reads no journal data.`,
      });
    }
  }
  httpApi.addRoutes({ path: PROTECTED_ROUTE, methods: [HttpMethod.ANY], integration, authorizer });

  return { httpApi, stage };
}
