import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';

/**
 * The claims the API maps to its principal. Cognito prefixes custom attributes with `custom:`; lists are
 * comma-separated (structure ids, département codes).
 */
export const PRINCIPAL_ATTRIBUTES = ['role', 'structures', 'territories'] as const;

export interface Users {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
}

export function createUsers(scope: Construct): Users {
  const userPool = new UserPool(scope, 'Users', {
    // Accounts are opened by an administrator who also sets the role and the scopes.
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    autoVerify: { email: true },
    // A user may change their email (the client can write it, as Cognito requires of a required attribute),
    // but the new address applies only once they confirm the code sent to it: until then they keep signing
    // in, and recovering their account, with the old one.
    keepOriginal: { email: true },
    standardAttributes: { email: { required: true, mutable: true } },
    customAttributes: {
      role: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      structures: new StringAttribute({ maxLen: 2048, mutable: true }),
      territories: new StringAttribute({ maxLen: 2048, mutable: true }),
    },
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    mfa: Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    featurePlan: FeaturePlan.ESSENTIALS,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const client = userPool.addClient('ApiClient', {
    generateSecret: false,
    // No hosted UI: tokens come from InitiateAuth, so no OAuth flow or callback URL is left open.
    disableOAuth: true,
    // USER_PASSWORD_AUTH lets an operator get a token from the AWS CLI (README, "Deploy to AWS"); SRP is for apps.
    authFlows: { userPassword: true, userSrp: true },
    preventUserExistenceErrors: true,
    // The ID token must carry the custom attributes: the JWT authorizer's audience is this client.
    readAttributes: new ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
      .withCustomAttributes(...PRINCIPAL_ATTRIBUTES),
    // Without an explicit list users could rewrite their own role and scopes with UpdateUserAttributes.
    // Cognito refuses a client that cannot write a required attribute ("Invalid write attributes"), so
    // email is in the list; keepOriginal above makes a change wait for its confirmation.
    writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
  });

  Validations.of(userPool).acknowledge(
    {
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP, no SMS): accounts are created by an administrator, and requiring MFA would ' +
        'force TOTP enrolment before the first token, which the CLI bootstrap of the README section "Deploy to AWS" and the ' +
        'first clients do not implement yet. Switch to Mfa.REQUIRED once the web client handles enrolment.',
    },
    {
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus tier (threat protection) is billed per monthly active user with no free tier; for a few ' +
        'hundred staff accounts opened by administrators, with no self sign-up, the Essentials tier with a ' +
        '12-character password policy and optional TOTP is the proportionate choice.',
    },
  );

  return { userPool, client };
}
