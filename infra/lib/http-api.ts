import { CORS_POLICY, PUBLIC_PATHS } from '@chemins/api';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  type CorsPreflightOptions,
  HttpApi,
  HttpMethod,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * The methods of the API's public paths (PUBLIC_PATHS: probes and the API's own documentation), the only
 * routes reachable without a token. HEAD with GET, as the API answers it: without its own route a HEAD
 * would fall to the protected catch-all, and to the authorizer.
 */
export const PUBLIC_METHODS = [HttpMethod.GET, HttpMethod.HEAD] as const;

/** Everything else goes through the JWT authorizer, then to the same function. */
export const PROTECTED_ROUTE = '/{proxy+}';

/** The API's own CORS policy (@chemins/api), for API Gateway: once CORS is on, it answers preflights itself. */
const CORS_PREFLIGHT: Omit<CorsPreflightOptions, 'allowOrigins'> = {
  allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
  allowHeaders: [...CORS_POLICY.allowHeaders],
  exposeHeaders: [...CORS_POLICY.exposeHeaders],
  maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
};

export interface ApiProps {
  readonly handler: IFunction;
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;
  /** Browser origins allowed to call the API; empty for no CORS at all. */
  readonly corsOrigins: readonly string[];
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
    ...(props.corsOrigins.length === 0
      ? {}
      : {
          corsPreflight: { ...CORS_PREFLIGHT, allowOrigins: [...props.corsOrigins] },
        }),
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

  for (const path of PUBLIC_PATHS) {
    for (const route of httpApi.addRoutes({ path, methods: [...PUBLIC_METHODS], integration })) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `GET and HEAD ${path} are public by design (health probe, OpenAPI document, documentation page); they read no journal data.`,
      });
    }
  }
  httpApi.addRoutes({ path: PROTECTED_ROUTE, methods: [HttpMethod.ANY], integration, authorizer });
  if (props.corsOrigins.length > 0) {
    // The catch-all takes OPTIONS too, so a preflight, which never carries a token, would meet the
    // authorizer. This route lets it through to API Gateway's CORS answer, or to the function, which
    // answers it from the same origins (CHEMINS_CORS_ORIGINS).
    for (const route of httpApi.addRoutes({
      path: PROTECTED_ROUTE,
      methods: [HttpMethod.OPTIONS],
      integration,
    })) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'CORS preflights carry no token by definition; the API answers every OPTIONS request from its CORS ' +
          'policy alone, before authentication and any handler, and reads no journal data.',
      });
    }
  }

  return { httpApi, stage };
}
