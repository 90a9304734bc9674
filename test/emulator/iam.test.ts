/** IAM test credentials: their checks, and the identity AppSync gives each principal. */
import { describe, expect, it } from 'vitest';
import { iamKeys, principalIdentity, uniqueId } from '../../src/emulator/iam.js';

const SECRET = 'not/printed+anywhere/0000000000000000000';

describe('principalIdentity', () => {
  it('an IAM user: the account, the ARN, and a stable AIDA… user id as username', () => {
    const alice = principalIdentity('arn:aws:iam::111122223333:user/alice');
    expect(alice).toEqual({
      accountId: '111122223333',
      userArn: 'arn:aws:iam::111122223333:user/alice',
      username: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
    });
    expect(principalIdentity('arn:aws:iam::111122223333:user/alice')).toEqual(alice);
    expect(principalIdentity('arn:aws:iam::111122223333:user/bob')?.username).not.toBe(
      alice?.username,
    );
    expect(principalIdentity('arn:aws:iam::111122223333:user/division/team/carol')).toMatchObject({
      accountId: '111122223333',
      username: expect.stringMatching(/^AIDA/),
    });
  });

  it("an assumed role's session: AROA… role id, a colon and the session name", () => {
    const arn = 'arn:aws:sts::123456789012:assumed-role/Deployer/ci-run-7';
    const identity = principalIdentity(arn);
    expect(identity).toEqual({
      accountId: '123456789012',
      userArn: arn,
      username: expect.stringMatching(/^AROA[A-Z2-7]{17}:ci-run-7$/),
    });
    const other = principalIdentity('arn:aws:sts::123456789012:assumed-role/Deployer/laptop');
    // One role, one role id: only the session name differs.
    expect(other?.username.split(':')[0]).toBe(identity?.username.split(':')[0]);
    expect(other?.username).toMatch(/:laptop$/);
    expect(principalIdentity('arn:aws-cn:sts::123456789012:assumed-role/R/s')).toMatchObject({
      accountId: '123456789012',
    });
  });

  it('any other ARN: undefined', () => {
    for (const arn of [
      'arn:aws:iam::123456789012:role/Deployer',
      'arn:aws:iam::123456789012:root',
      'arn:aws:sts::123456789012:assumed-role/OnlyRole',
      'arn:aws:iam::12345:user/short-account',
      'alice',
    ]) {
      expect(principalIdentity(arn)).toBeUndefined();
    }
  });

  it('uniqueId is 21 characters, fixed for an ARN', () => {
    expect(uniqueId('AIDA', 'x')).toHaveLength(21);
    expect(uniqueId('AIDA', 'x')).toBe(uniqueId('AIDA', 'x'));
    expect(uniqueId('AROA', 'x').slice(4)).toBe(uniqueId('AIDA', 'x').slice(4));
  });
});

describe('iamKeys', () => {
  it('keys by access key id, each with the identity of its principal and overrides', () => {
    const keys = iamKeys(
      [
        { accessKeyId: 'AKIAONE', secretAccessKey: SECRET },
        {
          accessKeyId: 'ASIATWO',
          secretAccessKey: SECRET,
          sessionToken: 'tok',
          principal: 'arn:aws:sts::210987654321:assumed-role/App/s1',
          identity: {
            cognitoIdentityPoolId: 'us-east-1:pool',
            cognitoIdentityAuthType: 'authenticated',
          },
        },
      ],
      'createEmulator',
    );
    expect([...keys.keys()]).toEqual(['AKIAONE', 'ASIATWO']);
    expect(keys.get('AKIAONE')?.identity('10.1.2.3')).toEqual({
      accountId: '123456789012',
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: ['10.1.2.3'],
      username: uniqueId('AIDA', 'arn:aws:iam::123456789012:user/AKIAONE'),
      userArn: 'arn:aws:iam::123456789012:user/AKIAONE',
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    });
    const two = keys.get('ASIATWO');
    expect(two?.sessionToken).toBe('tok');
    expect(two?.identity('127.0.0.1')).toMatchObject({
      accountId: '210987654321',
      userArn: 'arn:aws:sts::210987654321:assumed-role/App/s1',
      cognitoIdentityPoolId: 'us-east-1:pool',
      cognitoIdentityAuthType: 'authenticated',
      sourceIp: ['127.0.0.1'],
    });
  });

  it.each([
    [undefined, /must be a list of \{ accessKeyId, secretAccessKey, principal\? \}, at least one/],
    [[], /at least one/],
    [['AKIA:secret'], /iamCredentials\[0\] must be an object/],
    [
      [{ accessKeyId: 'AKIA/1', secretAccessKey: SECRET }],
      /\[0\]\.accessKeyId must be an access key id/,
    ],
    [[{ accessKeyId: 42, secretAccessKey: SECRET }], /\[0\]\.accessKeyId/],
    [
      [
        { accessKeyId: 'AKIA1', secretAccessKey: SECRET },
        { accessKeyId: 'AKIA1', secretAccessKey: SECRET },
      ],
      /\[1\]: the access key AKIA1 is listed twice/,
    ],
    [
      [{ accessKeyId: 'AKIA1', secretAccessKey: '' }],
      /\[0\]\.secretAccessKey must be a non-empty string/,
    ],
    [
      [{ accessKeyId: 'AKIA1', secretAccessKey: SECRET, sessionToken: '' }],
      /sessionToken, when given/,
    ],
    [
      [{ accessKeyId: 'AKIA1', secretAccessKey: SECRET, identity: 'alice' }],
      /identity, when given/,
    ],
    [
      [{ accessKeyId: 'AKIA1', secretAccessKey: SECRET, principal: 'arn:aws:iam::1:role/R' }],
      /\[0\]\.principal must be an IAM user's ARN .* received "arn:aws:iam::1:role\/R"/,
    ],
    [[{ accessKeyId: 'AKIA1', secretAccessKey: SECRET, principal: 7 }], /received 7/],
  ])('refuses %j at start-up, never printing a secret', (credentials, message) => {
    let thrown: unknown;
    try {
      iamKeys(credentials, 'createEmulator');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/^createEmulator: auth\.iamCredentials/);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain(SECRET);
  });
});
