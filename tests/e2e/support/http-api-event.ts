import { randomUUID } from 'node:crypto';
import type { ApiGatewayRequestContextV2, LambdaContext, LambdaEvent } from 'hono/aws-lambda';

/** An API Gateway HTTP API (payload format 2.0) event, as the Lambda integration receives it. */
export type HttpApiEvent = Extract<
  LambdaEvent,
  { rawPath: string; requestContext: ApiGatewayRequestContextV2 }
>;

/** The claims the HTTP API's JWT authorizer passes on from a verified Cognito ID token (all strings). */
export type JwtClaims = Record<string, string>;

/** Claims as Cognito puts them in an ID token: custom attributes are comma-separated strings. */
export function cognitoClaims(
  sub: string,
  role: string,
  structures: string[],
  territories: string[],
): JwtClaims {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub,
    'custom:role': role,
    'custom:structures': structures.join(','),
    'custom:territories': territories.join(','),
    iss: 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_E2Etests',
    aud: 'e2e-client-id',
    token_use: 'id',
    iat: String(now),
    exp: String(now + 3600),
  };
}

export interface EventOptions {
  /** Claims of the JWT authorizer; absent: a request with no authorizer context at all. */
  claims?: JwtClaims;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A real-shaped HTTP API v2 event for `method path?query`, on the `$default` route. */
export function httpApiEvent(method: string, target: string, options: EventOptions = {}): HttpApiEvent {
  const [rawPath = '/', rawQueryString = ''] = target.split('?');
  const domainName = 'abc123.execute-api.eu-west-3.amazonaws.com';
  const now = new Date();
  const headers: Record<string, string> = {
    accept: 'application/json',
    host: domainName,
    'user-agent': 'chemins-e2e',
    'x-forwarded-proto': 'https',
    ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...Object.fromEntries(
      Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  };
  const requestContext = {
    accountId: '123456789012',
    apiId: 'abc123',
    authentication: null,
    domainName,
    domainPrefix: 'abc123',
    http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'chemins-e2e' },
    requestId: randomUUID(),
    routeKey: '$default',
    stage: '$default',
    time: now.toUTCString(),
    timeEpoch: now.getTime(),
  };
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: options.claims
      ? { ...requestContext, authorizer: { jwt: { claims: options.claims, scopes: null } } }
      : requestContext,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
  // Without an authorizer, API Gateway sends no `authorizer` key, which hono's type does not allow for.
  return event as HttpApiEvent;
}

/** The Lambda context object the runtime passes along. */
export function lambdaContext(): LambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'chemins-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:chemins-api',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/chemins-api',
    logStreamName: '2026/11/27/[$LATEST]e2e',
    getRemainingTimeInMillis: () => 30_000,
  };
}
